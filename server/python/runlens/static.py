"""Static analysis of the traced source (ast, once): binding statements, loops, function lines."""
import _ast as ast  # the ast module imports enum/contextlib: start-up time

MUTATORS = frozenset((
    "append extend insert pop remove clear sort reverse update add discard setdefault popitem "
    "appendleft extendleft rotate difference_update intersection_update "
    "symmetric_difference_update"
).split())


class Static(object):
    def __init__(self):
        # first line -> [endLine, names(list), is_for_header, body_start, body_end]
        self.stmts = {}
        self.loops = []  # [kind, line, endLine, body_first_line]
        self.funcs = {}  # (line, co_name) -> (display name, def line, end line)
        self.stmt_lines = set()  # lines where a statement (or a decorator) starts


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

    def add(line, end, names, is_for=False, body=None):
        seen = []
        for n in names:
            if n not in seen:
                seen.append(n)
        if not seen:
            return
        cur = stmts.get(line)
        if cur is None:
            stmts[line] = [end, seen, is_for, body[0] if body else 0, body[1] if body else 0]
        else:
            cur[0] = max(cur[0], end)
            for n in seen:
                if n not in cur[1]:
                    cur[1].append(n)

    def body_range(body):
        return (body[0].lineno, _end(body[-1]))

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
            br = body_range(node.body)
            add(node.lineno, hend, names, True, br)
            st.loops.append(["for", node.lineno, _end(node), br[0]])
            visit_body(node.body, cls)
            visit_body(node.orelse, cls)
        elif isinstance(node, ast.While):
            _walrus(node.test, names)
            add(node.lineno, _end(node.test), names)
            st.loops.append(["while", node.lineno, _end(node), node.body[0].lineno])
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
            info = (name, node.lineno, _end(node))
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
            st.funcs.setdefault((n.lineno, "<lambda>"), ("<lambda>", n.lineno, _end(n)))
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
