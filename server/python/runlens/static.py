"""Static analysis of the traced source (ast, once): binding statements, loops, function lines."""
import _ast as ast  # the ast module imports enum/contextlib: start-up time

MUTATORS = frozenset((
    "append extend insert pop remove clear sort reverse update add discard setdefault popitem "
    "appendleft extendleft rotate difference_update intersection_update "
    "symmetric_difference_update"
).split())


class Statement(object):
    """A statement that binds names, keyed in `Static.stmts` by its first line."""
    __slots__ = (
        "end",          # last line of the statement (of its header, for compound statements)
        "names",        # names it binds, in order: `x`, `self.total` (attribute chains as written)
        "is_for",       # a `for` header: sampled only when the loop body follows
        "body_first",   # for a `for` header: first line of its body (else 0)
        "body_last",    # for a `for` header: last line of its body (else 0)
        "plain",        # every name is a plain name (no `a.b`): read straight from the frame
    )

    def __init__(self, end, names, is_for=False, body_first=0, body_last=0):
        self.end = end
        self.names = names
        self.is_for = is_for
        self.body_first = body_first
        self.body_last = body_last
        self.plain = not any("." in n for n in names)

    def add_names(self, names):
        for n in names:
            if n not in self.names:
                self.names.append(n)
        self.plain = not any("." in n for n in self.names)


class Loop(object):
    """A `for` or `while` loop."""
    __slots__ = (
        "kind",         # "for" or "while"
        "line",         # the loop's first line
        "end",          # its last line (the end of its body or else clause)
        "body_line",    # first line of its body: its hits are the loop's iterations
    )

    def __init__(self, kind, line, end, body_line):
        self.kind = kind
        self.line = line
        self.end = end
        self.body_line = body_line


class FunctionInfo(object):
    """Where a function (or lambda) is written, for the records of its code object."""
    __slots__ = (
        "name",         # display name: `Class.method`, `<lambda>`
        "line",         # the `def` line (not a decorator's)
        "end",          # last line of the definition
    )

    def __init__(self, name, line, end):
        self.name = name
        self.line = line
        self.end = end


class Static(object):
    """What the analysis found in the traced file."""
    __slots__ = (
        "stmts",        # first line -> Statement, for statements that bind names
        "loops",        # Loop per `for`/`while`, in source order
        "funcs",        # (first line, co_name) -> FunctionInfo; first line is the code object's
                        # co_firstlineno (the first decorator's line, or the def line)
        "stmt_lines",   # lines where a statement (or a decorator) starts
    )

    def __init__(self):
        self.stmts = {}
        self.loops = []
        self.funcs = {}
        self.stmt_lines = set()


def _children(node):
    for name in node._fields:
        f = getattr(node, name, None)
        if isinstance(f, ast.AST):
            yield f
        elif isinstance(f, list):
            for item in f:
                if isinstance(item, ast.AST):
                    yield item


def _chain(node):
    """`a`, `a.b.c` as text; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _targets(node, out):
    if isinstance(node, ast.Name):
        out.append(node.id)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for e in node.elts:
            _targets(e, out)
    elif isinstance(node, ast.Starred):
        _targets(node.value, out)
    elif isinstance(node, ast.Attribute):
        c = _chain(node)
        if c is not None:
            out.append(c)
    elif isinstance(node, ast.Subscript):
        v = node.value
        while isinstance(v, ast.Subscript):
            v = v.value
        c = _chain(v)
        if c is not None:
            out.append(c)


def _walrus(node, out):
    """Names bound by := inside an expression (not inside lambdas)."""
    if node is None:
        return
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Lambda):
            continue
        if isinstance(n, ast.NamedExpr):
            _targets(n.target, out)
        stack.extend(_children(n))


def _end(node):
    return getattr(node, "end_lineno", None) or node.lineno


def analyse(tree):
    st = Static()
    stmts = st.stmts

    def add(line, end, names, for_body=None):
        """Statement at `line` binds `names`; `for_body`: the body of the `for` it heads."""
        seen = []
        for n in names:
            if n not in seen:
                seen.append(n)
        if not seen:
            return
        cur = stmts.get(line)
        if cur is None:
            if for_body is None:
                stmts[line] = Statement(end, seen)
            else:
                stmts[line] = Statement(end, seen, True, for_body[0].lineno, _end(for_body[-1]))
        else:
            cur.end = max(cur.end, end)
            cur.add_names(seen)

    def visit_body(body, cls):
        for node in body:
            visit(node, cls)

    def visit(node, cls):
        names = []
        if type(node).__name__ not in ("Try", "TryStar"):  # `try:` itself never runs as a line
            st.stmt_lines.add(node.lineno)
        for decorator in getattr(node, "decorator_list", ()):
            st.stmt_lines.add(decorator.lineno)
        if isinstance(node, ast.Assign):
            for t in node.targets:
                _targets(t, names)
            _walrus(node.value, names)
            add(node.lineno, _end(node), names)
        elif isinstance(node, ast.AugAssign):
            _targets(node.target, names)
            _walrus(node.value, names)
            add(node.lineno, _end(node), names)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                _targets(node.target, names)
                _walrus(node.value, names)
                add(node.lineno, _end(node), names)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            _targets(node.target, names)
            _walrus(node.iter, names)
            hend = max(_end(node.target), _end(node.iter))
            add(node.lineno, hend, names, node.body)
            st.loops.append(Loop("for", node.lineno, _end(node), node.body[0].lineno))
            visit_body(node.body, cls)
            visit_body(node.orelse, cls)
        elif isinstance(node, ast.While):
            _walrus(node.test, names)
            add(node.lineno, _end(node.test), names)
            st.loops.append(Loop("while", node.lineno, _end(node), node.body[0].lineno))
            visit_body(node.body, cls)
            visit_body(node.orelse, cls)
        elif isinstance(node, ast.If):
            _walrus(node.test, names)
            add(node.lineno, _end(node.test), names)
            visit_body(node.body, cls)
            visit_body(node.orelse, cls)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            hend = node.lineno
            for item in node.items:
                hend = max(hend, _end(item.context_expr))
                _walrus(item.context_expr, names)
                if item.optional_vars is not None:
                    _targets(item.optional_vars, names)
                    hend = max(hend, _end(item.optional_vars))
            add(node.lineno, hend, names)
            visit_body(node.body, cls)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            visit_body(node.body, cls)
            for h in node.handlers:
                if h.name:
                    add(h.lineno, _end(h.type) if h.type is not None else h.lineno, [h.name])
                visit_body(h.body, cls)
            visit_body(node.orelse, cls)
            visit_body(node.finalbody, cls)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = cls + "." + node.name if cls else node.name
            info = FunctionInfo(name, node.lineno, _end(node))
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            st.funcs[(first, node.name)] = info
            st.funcs.setdefault((node.lineno, node.name), info)
            _lambdas(node.decorator_list + [node.args], st)
            visit_body(node.body, None)
            return
        elif isinstance(node, ast.ClassDef):
            visit_body(node.body, (cls + "." + node.name) if cls else node.name)
            _lambdas(node.decorator_list + node.bases, st)
            return
        elif isinstance(node, ast.Expr):
            v = node.value
            if (isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute)
                    and v.func.attr in MUTATORS):
                c = _chain(v.func.value)
                if c is not None:
                    names.append(c)
            _walrus(v, names)
            add(node.lineno, _end(node), names)
        elif type(node).__name__ == "Match":
            _walrus(node.subject, names)
            add(node.lineno, _end(node.subject), names)
            for case in node.cases:
                visit_body(case.body, cls)
        elif isinstance(node, (ast.Return, ast.Delete, ast.Raise, ast.Assert)):
            for child in _children(node):
                _walrus(child, names)
            add(node.lineno, _end(node), names)
        # lambdas anywhere in this statement's own expressions
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for child in _children(node):
                if not isinstance(child, ast.stmt) and not isinstance(child, ast.excepthandler) \
                        and type(child).__name__ != "match_case":
                    _lambdas([child], st)

    visit_body(tree.body, None)
    return st


def _lambdas(nodes, st):
    stack = list(nodes)
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Lambda):
            st.funcs.setdefault((n.lineno, "<lambda>"), FunctionInfo("<lambda>", n.lineno, _end(n)))
        if isinstance(n, ast.stmt):
            continue
        stack.extend(_children(n))


_lines_cache = {}


def code_lines(code):
    """The line numbers a code object's line table maps instructions to (sorted, cached; the
    recorder keeps the code objects alive, so their ids stay valid)."""
    cached = _lines_cache.get(id(code))
    if cached is not None:
        return cached
    lines = set()
    if hasattr(code, "co_lines"):
        lines.update(line for _, _, line in code.co_lines() if line is not None)
    else:
        # Python 3.8/3.9: decode co_lnotab (as dis.findlinestarts does, without importing dis).
        table = code.co_lnotab
        line = code.co_firstlineno
        lines.add(line)
        for i in range(1, len(table), 2):
            delta = table[i]
            if delta >= 0x80:
                delta -= 0x100
            line += delta
            lines.add(line)
    result = _lines_cache[id(code)] = sorted(lines)
    return result
