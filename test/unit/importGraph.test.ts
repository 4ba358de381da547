import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');
const SOURCE_ROOTS = ['src', 'dialogs'];

/** Every `.ts` file under the source roots, as a path relative to the project. */
function sourceFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) found.push(path);
    }
  };
  SOURCE_ROOTS.forEach(walk);
  return found.sort();
}

/** What a file imports, type-only imports and re-exports included: its module specifiers. */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((imported) => imported.fileName);
}

/** A relative specifier of `from`, resolved to a source file (or undefined for a package). */
function resolveImport(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => files.has(candidate));
}

/** The folder a file counts in: `src/<feature>` (its first level), `dialogs`, or `src`. */
function folderOf(file: string): string {
  const [top, second, ...rest] = file.split('/');
  if (top === 'dialogs') return 'dialogs';
  return rest.length > 0 ? `${top}/${second}` : top;
}

/** The strongly connected components with more than one node (Tarjan): each is a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return found;
}

const files = sourceFiles();
const fileSet = new Set(files);
const imports = new Map(files.map((file) => [file, specifiers(file)]));

/**
 * The shape of the code (README, "Layout"): dependencies point one way, so that each layer can
 * be read, tested and replaced without the ones above it. Type-only imports count: a cycle of
 * types is still a cycle a reader has to hold in their head.
 */
describe('the import graph of src/ and dialogs/', () => {
  it('has no cycle between files', () => {
    const graph = new Map<string, Set<string>>();
    for (const [file, specs] of imports) {
      const targets = specs.map((spec) => resolveImport(file, spec, fileSet));
      graph.set(file, new Set(targets.filter((target): target is string => !!target)));
    }
    expect(cycles(graph)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    const edges: string[] = [];
    for (const [file, specs] of imports) {
      const from = folderOf(file);
      for (const spec of specs) {
        const target = resolveImport(file, spec, fileSet);
        if (!target || folderOf(target) === from) continue;
        if (!graph.has(from)) graph.set(from, new Set());
        graph.get(from)!.add(folderOf(target));
        edges.push(`${file} → ${target}`);
      }
    }
    const found = cycles(graph);
    // Each folder edge inside a cycle, with one import that makes it: what to move.
    const inside = new Map<string, string>();
    for (const edge of edges) {
      const [from, to] = edge.split(' → ').map(folderOf);
      if (found.some((cycle) => cycle.includes(from) && cycle.includes(to))) {
        if (!inside.has(`${from} → ${to}`)) inside.set(`${from} → ${to}`, edge);
      }
    }
    const explained = [...inside].map(([folders, example]) => `${folders} (e.g. ${example})`);
    expect({ cycles: found, edges: explained.sort() }).toEqual({ cycles: [], edges: [] });
  });

  it('imports ioredis only in Redis adapters, src/storage/ and the composition root', () => {
    const allowed = (file: string) =>
      basename(file).startsWith('redis') ||
      file.startsWith('src/storage/') ||
      file.startsWith('src/composition/') ||
      file === 'src/app.ts';
    const offenders = files.filter(
      (file) => imports.get(file)!.includes('ioredis') && !allowed(file),
    );
    expect(offenders).toEqual([]);
  });

  it('reads every source file it checks', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(relative(ROOT, join(ROOT, files[0]))).toBe(files[0]);
  });
});
