"""The file's structure for the editor's features (trace field "structure"), from the tracer's own
parse: every statement with the names it binds, functions with their parameters and doctests,
classes, doctest examples. The TypeScript side never parses Python text; it reads this."""
import _ast as ast  # the ast module imports enum/contextlib: start-up time

from .static import _children, _end

_COMPOUND_SCOPES = ("FunctionDef", "AsyncFunctionDef", "ClassDef", "Lambda")


def describe(tree, source, static, executable_lines):
    """The structure dict (docs/trace-format.md, "structure")."""
    lines = source.splitlines()
    builder = _Builder(lines, static)
    builder.body(tree.body, None)
    builder.docstring_examples(tree, None)
    builder.doctests.sort(key=lambda d: d["line"])
    statements = sorted(builder.statements.values(), key=lambda s: s["line"])
    return {
        "statements": statements,
        "functions": sorted(builder.functions, key=lambda f: (f["line"], f["name"] != "<lambda>")),
        "classes": builder.classes,
        "doctests": builder.doctests,
        "executableLines": list(executable_lines),
    }


class _Builder(object):
    def __init__(self, lines, static):
        self.lines = lines
        self.stmts = static.stmts if static is not None else {}
        self.statements = {}  # first line -> statement dict (statements sharing a line merge)
        self.functions = []
        self.classes = []
        self.doctests = []

    # ---- statements ------------------------------------------------------------------------
    def body(self, nodes, cls):
        for node in nodes:
            self.statement(node, cls)

    def add(self, node, end, kind=None):
        line = node.lineno
        binding = self.stmts.get(line)
        binds = list(binding.names) if binding is not None else []
        cur = self.statements.get(line)
        if cur is None:
            self.statements[line] = {"line": line, "endLine": max(line, end),
                                     "kind": kind or type(node).__name__, "binds": binds}
        else:
            cur["endLine"] = max(cur["endLine"], end)

    def statement(self, node, cls):
        kind = type(node).__name__
        if kind in ("For", "AsyncFor"):
            self.add(node, max(_end(node.target), _end(node.iter)))
            self.body(node.body, cls)
            self.body(node.orelse, cls)
        elif kind == "While":
            self.add(node, _end(node.test))
            self.body(node.body, cls)
            self.body(node.orelse, cls)
        elif kind == "If":
            self.add(node, _end(node.test))
            self.body(node.body, cls)
            self.body(node.orelse, cls)
        elif kind in ("With", "AsyncWith"):
            end = node.lineno
            for item in node.items:
                end = max(end, _end(item.context_expr))
                if item.optional_vars is not None:
                    end = max(end, _end(item.optional_vars))
            self.add(node, end)
            self.body(node.body, cls)
        elif kind in ("Try", "TryStar"):
            self.add(node, node.lineno)
            self.body(node.body, cls)
            for handler in node.handlers:
                end = _end(handler.type) if handler.type is not None else handler.lineno
                self.add(handler, end, "ExceptHandler")
                self.body(handler.body, cls)
            self.body(node.orelse, cls)
            self.body(node.finalbody, cls)
        elif kind == "Match":
            self.add(node, _end(node.subject))
            for case in node.cases:
                self.body(case.body, cls)
        elif kind in ("FunctionDef", "AsyncFunctionDef"):
            self.add(node, self.header_end(node))
            self.function(node, cls)
        elif kind == "ClassDef":
            self.add(node, self.header_end(node))
            name = cls + "." + node.name if cls else node.name
            first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            self.classes.append({"name": name, "line": node.lineno, "firstLine": first,
                                 "endLine": _end(node)})
            self.docstring_examples(node, None)
            self.lambdas(node.decorator_list + node.bases, cls)
            self.body(node.body, name)
            return
        else:
            self.add(node, _end(node))
        if kind not in ("FunctionDef", "AsyncFunctionDef", "ClassDef"):
            for child in _children(node):
                if not isinstance(child, (ast.stmt, ast.excepthandler)) \
                        and type(child).__name__ != "match_case":
                    self.lambdas([child], cls)

    def header_end(self, node):
        """Last line of a def/class header: the line before its body, at least the def line."""
        first_body = node.body[0].lineno if node.body else node.lineno
        return max(node.lineno, first_body - 1) if first_body > node.lineno else node.lineno

    # ---- functions -------------------------------------------------------------------------
    def function(self, node, cls):
        name = cls + "." + node.name if cls else node.name
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        body_line = node.body[0].lineno
        if _docstring(node) is not None and len(node.body) > 1:
            body_line = node.body[1].lineno
        is_async = type(node).__name__ == "AsyncFunctionDef"
        gen = _yields(node.body)
        kind = ("asyncGenerator" if gen else "coroutine") if is_async else \
            ("generator" if gen else "function")
        own = []
        self.docstring_examples(node, own)
        self.functions.append({
            "name": name, "line": node.lineno, "firstLine": first, "endLine": _end(node),
            "bodyLine": body_line, "kind": kind, "className": cls,
            "params": self.params(node.args), "doctests": own,
        })
        self.lambdas(node.decorator_list + [node.args] + ([node.returns] if node.returns else []), cls)
        self.body(node.body, None)

    def lambdas(self, nodes, cls):
        stack = list(nodes)
        while stack:
            n = stack.pop()
            if isinstance(n, ast.Lambda):
                self.functions.append({
                    "name": "<lambda>", "line": n.lineno, "firstLine": n.lineno, "endLine": _end(n),
                    "bodyLine": n.lineno, "kind": "lambda", "className": None,
                    "params": self.params(n.args), "doctests": [],
                })
            if isinstance(n, ast.stmt):
                continue
            stack.extend(_children(n))

    def params(self, args):
        out = []
        positional = list(getattr(args, "posonlyargs", [])) + list(args.args)
        n_defaults = len(args.defaults)
        first_default = len(positional) - n_defaults
        n_posonly = len(getattr(args, "posonlyargs", []))
        for i, a in enumerate(positional):
            out.append(self.param(a, "positionalOnly" if i < n_posonly else "positional",
                                  i >= first_default))
        if args.vararg is not None:
            out.append(self.param(args.vararg, "varargs", False))
        for a, default in zip(args.kwonlyargs, args.kw_defaults):
            out.append(self.param(a, "keywordOnly", default is not None))
        if args.kwarg is not None:
            out.append(self.param(args.kwarg, "varkw", False))
        return out

    def param(self, arg, kind, has_default):
        return {"name": arg.arg, "kind": kind, "hasDefault": bool(has_default),
                "annotation": self.segment(arg.annotation)}

    def segment(self, node):
        """The source text of an expression node (one line or several), or None."""
        if node is None or getattr(node, "end_lineno", None) is None:
            return None
        try:
            first, last = node.lineno - 1, node.end_lineno - 1
            if first == last:
                raw = self.lines[first].encode("utf-8")
                return raw[node.col_offset:node.end_col_offset].decode("utf-8", "replace")
            parts = [self.lines[first].encode("utf-8")[node.col_offset:]]
            parts += [self.lines[i].encode("utf-8") for i in range(first + 1, last)]
            parts.append(self.lines[last].encode("utf-8")[:node.end_col_offset])
            return b"\n".join(parts).decode("utf-8", "replace")
        except (IndexError, UnicodeError):
            return None

    # ---- doctests --------------------------------------------------------------------------
    def docstring_examples(self, node, own):
        doc = _docstring(node)
        if doc is None or getattr(doc, "end_lineno", None) is None:
            return
        found = _examples(self.lines, doc.lineno, doc.end_lineno)
        self.doctests.extend(found)
        if own is not None:
            own.extend(found)


def _docstring(node):
    body = getattr(node, "body", None)
    if not body:
        return None
    first = body[0]
    if type(first).__name__ != "Expr":
        return None
    value = first.value
    if type(value).__name__ == "Constant" and isinstance(value.value, str):
        return value
    if type(value).__name__ == "Str":  # 3.7-style node, kept by some 3.8 builds
        return value
    return None


def _examples(lines, first, last):
    """Doctest examples written on lines first..last (1-based) of a docstring literal: `>>>` lines,
    their `...` continuations, and the expected output up to a blank line or the next prompt."""
    found = []
    i = first - 1
    end = min(last, len(lines))
    while i < end:
        text = _strip_quotes(lines[i], i == first - 1, i == last - 1)
        stripped = text.lstrip()
        if not stripped.startswith(">>>"):
            i += 1
            continue
        indent = len(text) - len(stripped)
        source = [_after_prompt(stripped)]
        start = i
        i += 1
        while i < end:
            cont = _strip_quotes(lines[i], False, i == last - 1)
            if cont[indent:indent + 3] == "..." and cont[:indent].strip() == "":
                source.append(_after_prompt(cont[indent:]))
                i += 1
            else:
                break
        source_end = i
        want = []
        while i < end:
            out = _strip_quotes(lines[i], False, i == last - 1)
            if not out.strip() or out.lstrip().startswith(">>>"):
                break
            want.append(out[indent:] if out[:indent].strip() == "" else out.lstrip())
            i += 1
        found.append({"line": start + 1, "endLine": source_end, "source": "\n".join(source),
                      "want": "\n".join(want)})
    return found


def _after_prompt(text):
    rest = text[3:]
    return rest[1:] if rest.startswith(" ") else rest


def _strip_quotes(text, opening, closing):
    """A docstring line without the literal's opening and closing quotes."""
    if closing:
        for q in ('"""', "'''"):
            k = text.rfind(q)
            if k >= 0:
                text = text[:k]
                break
    if opening:
        for q in ('"""', "'''", '"', "'"):
            k = text.find(q)
            if k >= 0:
                text = " " * (k + len(q)) + text[k + len(q):]
                break
    return text


def _yields(body):
    """Whether a function body yields (not counting nested functions, lambdas and classes)."""
    stack = list(body)
    while stack:
        n = stack.pop()
        name = type(n).__name__
        if name in ("Yield", "YieldFrom"):
            return True
        if name in _COMPOUND_SCOPES:
            continue
        stack.extend(_children(n))
    return False

