// soql-parser-js returns WHERE as a right-leaning linked list with parentheses recorded only as
// open/close counts on the leaves (spec §3.5). This rebuilds a real precedence tree and applies
// Salesforce's rule that AND and OR may not be mixed at one level without parentheses.

export type Cond<L> =
  | { kind: "and"; items: Cond<L>[] }
  | { kind: "or"; items: Cond<L>[] }
  | { kind: "not"; item: Cond<L> }
  | { kind: "leaf"; leaf: L };

type Token<C> = { t: "(" } | { t: ")" } | { t: "NOT" } | { t: "AND" } | { t: "OR" } | { t: "leaf"; cond: C };

interface ListNode {
  left?: Record<string, unknown> | null;
  operator?: string;
  right?: ListNode;
}

export class WhereSyntaxError extends Error {}

function tokenize<C>(where: ListNode): Token<C>[] {
  const tokens: Token<C>[] = [];
  let node: ListNode | undefined = where;
  let guard = 0;
  while (node && guard++ < 100_000) {
    if (node.operator === "NOT" && (!node.left || !("field" in node.left || "fn" in node.left))) {
      const open = Number(node.left?.openParen ?? 0);
      for (let i = 0; i < open; i++) tokens.push({ t: "(" });
      tokens.push({ t: "NOT" });
      node = node.right;
      continue;
    }
    const leaf = node.left;
    if (!leaf) throw new WhereSyntaxError("unexpected token: WHERE");
    const open = Number(leaf.openParen ?? 0);
    const close = Number(leaf.closeParen ?? 0);
    for (let i = 0; i < open; i++) tokens.push({ t: "(" });
    tokens.push({ t: "leaf", cond: leaf as C });
    for (let i = 0; i < close; i++) tokens.push({ t: ")" });
    if (node.operator === "AND" || node.operator === "OR") tokens.push({ t: node.operator });
    node = node.right;
  }
  return tokens;
}

export function buildWhereTree<C, L>(where: unknown, compileLeaf: (cond: C) => L): Cond<L> {
  const tokens = tokenize<C>(where as ListNode);
  let pos = 0;
  const peek = (): Token<C> | undefined => tokens[pos];

  const parseTerm = (): Cond<L> => {
    const tok = tokens[pos++];
    if (!tok) throw new WhereSyntaxError("unexpected token: <EOF>");
    if (tok.t === "NOT") return { kind: "not", item: parseTerm() };
    if (tok.t === "(") {
      const inner = parseExpr();
      const close = tokens[pos++];
      if (!close || close.t !== ")") throw new WhereSyntaxError("unexpected token: missing ')'");
      return inner;
    }
    if (tok.t === "leaf") return { kind: "leaf", leaf: compileLeaf(tok.cond) };
    throw new WhereSyntaxError(`unexpected token: ${tok.t}`);
  };

  const parseExpr = (): Cond<L> => {
    const items = [parseTerm()];
    let op: "AND" | "OR" | undefined;
    for (let next = peek(); next && (next.t === "AND" || next.t === "OR"); next = peek()) {
      if (op && next.t !== op) throw new WhereSyntaxError(`unexpected token: ${next.t}`);
      op = next.t;
      pos++;
      items.push(parseTerm());
    }
    if (!op) return items[0]!;
    return { kind: op === "AND" ? "and" : "or", items };
  };

  const tree = parseExpr();
  if (pos < tokens.length) throw new WhereSyntaxError(`unexpected token: ${tokens[pos]!.t}`);
  return tree;
}

export function evaluateCond<L>(cond: Cond<L>, test: (leaf: L) => boolean): boolean {
  switch (cond.kind) {
    case "leaf":
      return test(cond.leaf);
    case "not":
      return !evaluateCond(cond.item, test);
    case "and":
      return cond.items.every((c) => evaluateCond(c, test));
    case "or":
      return cond.items.some((c) => evaluateCond(c, test));
  }
}
