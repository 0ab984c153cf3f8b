import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/**
 * Every event in a contract catalog (common/*.contract.ts) carries its documentation: `doc`, what
 * it does, and `to`, who receives it. The AsyncAPI document is made from them on the server; the
 * browser never reads them, and they are about a quarter of the contract's code. The client build
 * leaves out the `doc` and `to` of catalog entries (objects with a `doc` string), nothing else.
 */
type Node = { type: string; start: number; end: number; [k: string]: unknown };

const isText = (n: Node | undefined) => !!n && (n.type === 'Literal' ? typeof n.value === 'string' : n.type === 'TemplateLiteral' || n.type === 'Identifier');
const keyOf = (p: Node) => {
  const k = p.key as Node | undefined;
  return k?.type === 'Identifier' ? (k.name as string) : k?.type === 'Literal' ? String(k.value) : undefined;
};

export function contractDocsOut(): Plugin {
  return {
    name: 'birge:contract-docs-out',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]common[\\/][\w.-]+\.contract\.ts$/.test(id)) return null;
      const out = new MagicString(code);
      const visit = (n: unknown): void => {
        if (!n || typeof n !== 'object') return;
        if (Array.isArray(n)) return n.forEach(visit);
        const node = n as Node;
        if (node.type === 'ObjectExpression') {
          const props = (node.properties as Node[]).filter((p) => p.type === 'Property');
          const doc = props.find((p) => keyOf(p) === 'doc');
          if (doc && isText(doc.value as Node)) {
            for (const p of props) {
              if ((keyOf(p) === 'doc' || keyOf(p) === 'to') && isText(p.value as Node)) out.remove(p.start, code[p.end] === ',' ? p.end + 1 : p.end);
            }
          }
        }
        for (const v of Object.values(node)) if (v && typeof v === 'object') visit(v);
      };
      visit(this.parse(code));
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}
