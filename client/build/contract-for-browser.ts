import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/**
 * The shared contract (common/) as the browser needs it. Two things the server needs and the
 * browser does not are left out of the client build:
 *
 * - Documentation. Every event in a catalog (common/*.contract.ts) carries `doc`, what it does,
 *   and `to`, who receives it: the AsyncAPI document is made from them on the server, and they are
 *   about a quarter of the contract's code. The `doc` and `to` of catalog entries (objects with a
 *   `doc` string) are removed, nothing else.
 * - Schemas the browser never uses (the server's inputs, the organizer's views on a citizen's
 *   page). A bundler keeps a module-level `const X = z.object(…)` even when nothing reads X,
 *   because it cannot know that the call has no effect. common/ holds declarations only, so every
 *   top-level `const` initialized by a call is marked pure (`@__PURE__`), and unused ones drop out.
 *   This is done here, per module, and not with the bundler's `manualPureFunctions: ['z']`: that
 *   option applies to every module, and Preact's minified code has its own functions named `z`.
 */
type Node = { type: string; start: number; end: number; [k: string]: unknown };

const isText = (n: Node | undefined) => !!n && (n.type === 'Literal' ? typeof n.value === 'string' : n.type === 'TemplateLiteral' || n.type === 'Identifier');
const keyOf = (p: Node) => {
  const k = p.key as Node | undefined;
  return k?.type === 'Identifier' ? (k.name as string) : k?.type === 'Literal' ? String(k.value) : undefined;
};

function dropDocs(node: Node, code: string, out: MagicString): void {
  if (node.type === 'ObjectExpression') {
    const props = (node.properties as Node[]).filter((p) => p.type === 'Property');
    const doc = props.find((p) => keyOf(p) === 'doc');
    if (doc && isText(doc.value as Node)) {
      for (const p of props) {
        if ((keyOf(p) === 'doc' || keyOf(p) === 'to') && isText(p.value as Node)) out.remove(p.start, code[p.end] === ',' ? p.end + 1 : p.end);
      }
    }
  }
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object') dropDocs(x as Node, code, out);
    if (v && typeof v === 'object' && !Array.isArray(v)) dropDocs(v as Node, code, out);
  }
}

function markPure(program: Node, out: MagicString): void {
  for (const statement of program.body as Node[]) {
    const decl = statement.type === 'ExportNamedDeclaration' ? (statement.declaration as Node | null) : statement;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations as Node[]) {
      const init = d.init as Node | null;
      if (init && (init.type === 'CallExpression' || init.type === 'NewExpression')) out.prependLeft(init.start, '/* @__PURE__ */ ');
    }
  }
}

export function contractForBrowser(): Plugin {
  return {
    name: 'birge:contract-for-browser',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      const file = id.split('?')[0]!.match(/[\\/]common[\\/]([\w.-]+)\.ts$/);
      if (!file) return null;
      const out = new MagicString(code);
      const program = this.parse(code) as unknown as Node;
      if (file[1]!.endsWith('.contract')) dropDocs(program, code, out);
      markPure(program, out);
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}
