import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** One import written in a source file, as the scanner found it. */
export interface ScannedImport {
  specifier: string;
  /** `import type` / `export type ... from` / `import('x').T` in a type: gone at run time. */
  typeOnly: boolean;
}

/** One resolved import between two files (or from a file to a package). */
export interface ImportEdge {
  /** Repository-relative file path, `/`-separated. */
  fromFile: string;
  /** Repository-relative file path, or the package name (`electron`, `node:fs`, `@scope/name`). */
  to: string;
  fromUnit: string;
  /** A unit (see `unitOf`), or `package:<name>` for a package. */
  toUnit: string;
  typeOnly: boolean;
}

/**
 * The folder-level unit a file belongs to: `src-gateway/<folder>` for the gateway's folders,
 * `src-gateway` for its root files (the composition root), the top folder for everything else
 * (`src-shared`, `src-status`, `src-main`, `src-renderer`, `tests`).
 */
export function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src-gateway' && parts.length > 2) return `src-gateway/${parts[1]}`;
  return parts[0]!;
}

/** The package an import names: `electron`, `node:fs` (bare built-ins get `node:`), `@scope/name`. */
export function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.split('/')[0]!;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? `node:${name}` : name;
}

/** The `<script>` blocks of a Vue single-file component, joined (lines outside them blanked). */
export function vueScriptText(text: string): string {
  const blocks = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  return blocks.join('\n');
}

/**
 * Every module a TypeScript source names: static imports and re-exports, `import x = require()`,
 * dynamic `import()`, `require()` calls and `import('x')` types. Parsed, not matched, so imports
 * inside strings and comments are not counted.
 */
export function scanImports(text: string, fileName = 'file.ts'): ScannedImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: ScannedImport[] = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean): void => {
    if (node && ts.isStringLiteralLike(node)) found.push({ specifier: node.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if ((isImport || isRequire) && node.arguments.length > 0) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const sourceExtensions = ['.ts', '.tsx', '.mts', '.vue'];

/**
 * The repository file a relative specifier names: the exact file, a `.js` written for its `.ts`,
 * an extensionless name, or a folder's `index.ts`. Undefined when nothing matches.
 */
export function resolveRelative(
  fromFile: string,
  specifier: string,
  exists: (file: string) => boolean,
): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const candidates = [
    base,
    ...(base.endsWith('.js') ? [base.slice(0, -3) + '.ts', base.slice(0, -3) + '.tsx'] : []),
    ...sourceExtensions.map((extension) => base + extension),
    ...sourceExtensions.map((extension) => `${base}/index${extension}`),
  ];
  return candidates.find(exists);
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Relative imports that name no file (`from -> specifier`): the scanner or resolver missed something. */
  unresolved: string[];
}

/** Options for `buildImportGraph`. */
export interface BuildImportGraphOptions {
  /** Repository root. */
  root: string;
  /** Top folders to scan (default: every `src-*` folder). */
  folders?: string[];
  /** Whether colocated `*.test.ts` files count (default false: tests ship nowhere and may reach across). */
  includeTests?: boolean;
}

function walk(root: string, folder: string, into: string[]): void {
  for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(root, relative, into);
    } else if (/\.(ts|tsx|mts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      into.push(relative);
    }
  }
}

/** Scan the `src-*` folders of a repository and resolve every import to a file or a package. */
export function buildImportGraph(options: BuildImportGraphOptions): ImportGraph {
  const { root } = options;
  const folders =
    options.folders ??
    readdirSync(root).filter(
      (name) => name.startsWith('src-') && statSync(path.join(root, name)).isDirectory(),
    );
  const files: string[] = [];
  for (const folder of folders) walk(root, folder, files);
  const scanned = options.includeTests ? files : files.filter((file) => !/\.test\.(ts|tsx|mts)$/.test(file));
  const exists = (file: string): boolean =>
    existsSync(path.join(root, file)) && statSync(path.join(root, file)).isFile();

  const edges: ImportEdge[] = [];
  const unresolved: string[] = [];
  for (const fromFile of scanned) {
    const raw = readFileSync(path.join(root, fromFile), 'utf8');
    const text = fromFile.endsWith('.vue') ? vueScriptText(raw) : raw;
    for (const { specifier, typeOnly } of scanImports(text, fromFile)) {
      const fromUnit = unitOf(fromFile);
      if (specifier.startsWith('.')) {
        const target = resolveRelative(fromFile, specifier, exists);
        if (target === undefined) unresolved.push(`${fromFile} -> ${specifier}`);
        else edges.push({ fromFile, to: target, fromUnit, toUnit: unitOf(target), typeOnly });
      } else {
        const name = packageOf(specifier);
        edges.push({ fromFile, to: name, fromUnit, toUnit: `package:${name}`, typeOnly });
      }
    }
  }
  return { files: scanned, edges, unresolved };
}
