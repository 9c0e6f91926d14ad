"""The traced program: its text, compiled as `python FILE` would compile it, and its tree for the
analysis. A file too deeply nested for CPython fails here exactly as it fails under plain Python
(the program's own error, at its line); one Python can run, the tracer runs too, and only loses
the analysis (values and structure) if it cannot build the tree."""
import _ast
import sys

# Building the tree of a file that plain Python compiles can still exhaust the recursion limit
# (the tree has one Python object per node, and 3.11 counts its depth against the limit): it is
# retried with this limit. Deep enough for any expression CPython compiles, shallow enough for the
# C stack.
ANALYSIS_RECURSION_LIMIT = 20000


class Program(object):
    __slots__ = (
        "path",          # the file's path: __file__ and co_filename of its code
        "source",        # its text (str)
        "code",          # the module's code object; None when it does not compile
        "tree",          # its ast.Module for the analysis; None without one (see errors)
        "syntax_error",  # {"message", "line", "column"} of a SyntaxError (nothing runs), or None
        "compile_error",  # the RecursionError/MemoryError compiling it raised, as Python does
        "error_line",    # the line it blames (the deepest statement), or None
        "analysis_error",  # why there is no tree although the code compiled, or None
    )


def load_program(path, source):
    """source: the text to run (str), or None to read the file (bytes: its coding cookie counts)."""
    program = Program()
    program.path = path
    program.code = program.tree = program.syntax_error = None
    program.compile_error = program.error_line = program.analysis_error = None
    if source is None:
        with open(path, "rb") as f:
            source = f.read()
    elif source.startswith("\ufeff"):
        source = source[1:]
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    program.source = text
    try:
        try:
            program.tree = compile(source, path, "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)
            program.code = compile(program.tree, path, "exec", dont_inherit=True)
        except RecursionError:
            # Turning the tree back into code is deeper than compiling the text (3.9-3.12 fail
            # on 1,000-1,500 terms): compile the text, as Python does.
            program.code = _compile_as_python_would(source, path)
        except MemoryError:
            if program.tree is None:
                raise  # the parser itself overflowed (3.8): it would again, and print it again
            program.code = _compile_as_python_would(source, path)
    except (SyntaxError, ValueError) as e:
        program.tree = program.code = None
        if isinstance(e, SyntaxError):
            program.syntax_error = {"message": str(e.msg), "line": e.lineno or 1,
                                    "column": e.offset or 1}
        else:  # null bytes
            program.syntax_error = {"message": str(e), "line": 1, "column": 1}
        return program
    except (RecursionError, MemoryError) as e:
        program.code = None
        program.compile_error = e
    if program.tree is None and not isinstance(program.compile_error, MemoryError):
        program.tree = _deep_tree(source, path, program)
    if program.compile_error is not None:
        program.error_line = (deepest_statement_line(program.tree) if program.tree is not None
                              else _busiest_line(text))
    return program


def _compile_as_python_would(source, path):
    """compile() with the headroom CPython has when it compiles a script. On 3.10/3.11 the
    compiler counts its depth from the caller's recursion depth (`python FILE` compiles before any
    frame exists), so the tracer's frames, and the level its own entry takes, are added to the
    limit. On 3.12+ it counts C levels against a fixed limit, and the tracer's two cost it 6 terms
    of a 3,000-term chain: a file within those of CPython's limit fails here but runs under
    `python FILE`."""
    depth = 1
    f = sys._getframe()
    while f is not None:
        depth += 1
        f = f.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + depth)
    try:
        return compile(source, path, "exec", dont_inherit=True)
    finally:
        sys.setrecursionlimit(limit)


def _deep_tree(source, path, program):
    """The tree of a file too deep for the default recursion limit, or None."""
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, ANALYSIS_RECURSION_LIMIT))
        return compile(source, path, "exec", _ast.PyCF_ONLY_AST, dont_inherit=True)
    except (RecursionError, MemoryError, SyntaxError, ValueError) as e:
        program.analysis_error = e
        return None
    finally:
        sys.setrecursionlimit(limit)


def deepest_statement_line(tree):
    """The first line of the statement holding the most deeply nested expression: where the
    compiler ran out of depth. Iterative: the tree may be deeper than the recursion limit."""
    best_depth, best_line = -1, None
    stack = [(tree, 0, None)]
    while stack:
        node, depth, line = stack.pop()
        if isinstance(node, _ast.stmt):
            line = node.lineno
        if depth > best_depth and line is not None:
            best_depth, best_line = depth, line
        for name in node._fields:
            child = getattr(node, name, None)
            if isinstance(child, _ast.AST):
                stack.append((child, depth + 1, line))
            elif isinstance(child, list):
                for item in child:
                    if isinstance(item, _ast.AST):
                        stack.append((item, depth + 1, line))
    return best_line


def _busiest_line(text):
    """Without a tree (the parser itself gave up): the line with the most operators and brackets,
    where the nesting is."""
    best, best_line = 0, None
    for number, line in enumerate(text.splitlines(), 1):
        count = sum(line.count(c) for c in "+-*/%@&|^~<>([{")
        if count > best:
            best, best_line = count, number
    return best_line
