import { Node, SyntaxKind, VariableDeclarationKind, type Project, type SourceFile } from 'ts-morph';
import { relative } from 'node:path';
import type { Finding } from './finding.ts';

/**
 * Models are pure: the same state and event always give the same next state. This reads the
 * TypeScript of models/ (syntax only, no type checking) and reports whatever could break
 * that: clocks, timers, randomness, I/O, state kept outside the context, and a context
 * changed in place instead of replaced through `assign`.
 */

/** Globals that read a clock, start a timer, draw randomness or do I/O. */
const IMPURE_GLOBALS: Readonly<Record<string, string>> = {
  Date: 'reads the clock (Date)',
  performance: 'reads the clock (performance)',
  setTimeout: 'starts a timer (setTimeout)',
  setInterval: 'starts a timer (setInterval)',
  setImmediate: 'starts a timer (setImmediate)',
  queueMicrotask: 'schedules work (queueMicrotask)',
  crypto: 'draws randomness (crypto)',
  process: 'does I/O (process)',
  fetch: 'does I/O (fetch)',
  console: 'does I/O (console)',
  require: 'loads a module at run time (require)',
  XMLHttpRequest: 'does I/O (XMLHttpRequest)',
  WebSocket: 'does I/O (WebSocket)',
};

/** Modules of I/O, clocks or randomness (with or without `node:`). */
const IMPURE_MODULES = new Set(['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'worker_threads', 'readline', 'process', 'os', 'crypto', 'timers', 'timers/promises', 'perf_hooks', 'v8', 'vm', 'cluster']);

/** Methods that change an array, a Map or a Set in place. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);

const ASSIGNMENT_OPERATORS = new Set([
  SyntaxKind.EqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.AsteriskEqualsToken, SyntaxKind.SlashEqualsToken,
  SyntaxKind.PercentEqualsToken, SyntaxKind.AmpersandEqualsToken, SyntaxKind.BarEqualsToken, SyntaxKind.CaretEqualsToken, SyntaxKind.LessThanLessThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanEqualsToken, SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, SyntaxKind.AsteriskAsteriskEqualsToken,
  SyntaxKind.BarBarEqualsToken, SyntaxKind.AmpersandAmpersandEqualsToken, SyntaxKind.QuestionQuestionEqualsToken,
]);

/**
 * Every purity finding in the project's source files, with paths relative to `root`.
 *
 * Example: a model file whose line 4 is `const now = Date.now();` gives
 * `{ file: 'models/x/a.ts', line: 4, message: 'reads the clock (Date): models must be pure' }`.
 */
export function purityFindings(project: Project, root: string): Finding[] {
  return project.getSourceFiles().flatMap((file) => fileFindings(file, relative(root, file.getFilePath()).split('\\').join('/')));
}

function fileFindings(file: SourceFile, name: string): Finding[] {
  const out: Finding[] = [];
  const report = (node: Node, message: string) => out.push({ file: name, line: node.getStartLineNumber(), message });
  const declared = declaredNames(file);

  for (const imp of file.getImportDeclarations()) {
    const module = imp.getModuleSpecifierValue();
    if (IMPURE_MODULES.has(module.replace(/^node:/, ''))) report(imp, `imports '${module}': models do no I/O and read no clock or randomness`);
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (call.getExpression().getKind() === SyntaxKind.ImportKeyword) report(call, 'imports a module at run time: models must be pure');
  }

  for (const id of file.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const what = IMPURE_GLOBALS[id.getText()];
    if (what === undefined || declared.has(id.getText()) || !readsGlobal(id)) continue;
    report(id, `${what}: models must be pure`);
  }
  for (const access of file.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (access.getText().replace(/\s/g, '') === 'Math.random' && !declared.has('Math')) report(access, 'draws randomness (Math.random): models must be pure');
  }

  const moduleMutables = new Set<string>();
  for (const statement of file.getVariableStatements()) {
    if (statement.getParent() !== file) continue;
    const kind = statement.getDeclarationKind();
    for (const decl of statement.getDeclarations()) {
      if (kind !== VariableDeclarationKind.Const) {
        report(decl, `module-level \`${kind} ${decl.getName()}\`: a model keeps its state in the context, not in the module`);
      } else if (isMutableValue(decl.getInitializer())) {
        moduleMutables.add(decl.getName());
      }
    }
  }

  for (const [node, root] of mutations(file)) {
    if (root === 'context') report(node, `changes the context in place (\`${oneLine(node.getText())}\`): return new values from assign instead`);
    else if (moduleMutables.has(root)) report(node, `changes module-level \`${root}\` (\`${oneLine(node.getText())}\`): a model keeps its state in the context`);
  }
  return out;
}

/** Whether an identifier reads a variable (rather than naming a property, a key or a type). */
function readsGlobal(id: Node): boolean {
  const parent = id.getParent();
  if (!parent) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
  if ((Node.isPropertyAssignment(parent) || Node.isMethodDeclaration(parent) || Node.isPropertyDeclaration(parent) || Node.isPropertySignature(parent) || Node.isMethodSignature(parent)) && parent.getNameNode() === id) return false;
  if (Node.isQualifiedName(parent) || Node.isImportSpecifier(parent) || Node.isExportSpecifier(parent)) return false;
  if (id.getFirstAncestor((a) => Node.isTypeNode(a)) !== undefined) return false;
  return true;
}

/** Names the file declares itself (imports, variables, parameters, functions, classes), which shadow globals. */
function declaredNames(file: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const imp of file.getImportDeclarations()) {
    const def = imp.getDefaultImport();
    if (def) names.add(def.getText());
    const ns = imp.getNamespaceImport();
    if (ns) names.add(ns.getText());
    for (const spec of imp.getNamedImports()) names.add((spec.getAliasNode() ?? spec.getNameNode()).getText());
  }
  for (const kind of [SyntaxKind.VariableDeclaration, SyntaxKind.Parameter, SyntaxKind.FunctionDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.BindingElement]) {
    for (const node of file.getDescendantsOfKind(kind)) {
      const nameNode = (node as Node & { getNameNode?: () => Node | undefined }).getNameNode?.();
      if (nameNode && Node.isIdentifier(nameNode)) names.add(nameNode.getText());
    }
  }
  return names;
}

function isMutableValue(init: Node | undefined): boolean {
  if (!init) return false;
  if (Node.isAsExpression(init) || Node.isSatisfiesExpression(init) || Node.isParenthesizedExpression(init)) return isMutableValue(init.getExpression());
  if (Node.isArrayLiteralExpression(init) || Node.isObjectLiteralExpression(init)) return true;
  return Node.isNewExpression(init) && ['Map', 'Set', 'Array', 'Object', 'WeakMap', 'WeakSet'].includes(init.getExpression().getText());
}

/** Each in-place change in the file, with the variable at the root of what it changes. */
function mutations(file: SourceFile): [Node, string][] {
  const out: [Node, string][] = [];
  for (const binary of file.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    if (!ASSIGNMENT_OPERATORS.has(binary.getOperatorToken().getKind())) continue;
    const target = binary.getLeft();
    if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) {
      const root = rootName(target);
      if (root) out.push([binary, root]);
    }
  }
  for (const kind of [SyntaxKind.PrefixUnaryExpression, SyntaxKind.PostfixUnaryExpression]) {
    for (const unary of file.getDescendantsOfKind(kind)) {
      const u = unary as Node as import('ts-morph').PrefixUnaryExpression;
      const op = u.getOperatorToken();
      if (op !== SyntaxKind.PlusPlusToken && op !== SyntaxKind.MinusMinusToken) continue;
      const operand = u.getOperand();
      if (Node.isPropertyAccessExpression(operand) || Node.isElementAccessExpression(operand)) {
        const root = rootName(operand);
        if (root) out.push([unary, root]);
      }
    }
  }
  for (const del of file.getDescendantsOfKind(SyntaxKind.DeleteExpression)) {
    const root = rootName(del.getExpression());
    if (root) out.push([del, root]);
  }
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(callee.getName())) {
      const root = rootName(callee.getExpression());
      if (root) out.push([call, root]);
    }
    if (callee.getText().replace(/\s/g, '') === 'Object.assign') {
      const first = call.getArguments()[0];
      const root = first && rootName(first);
      if (root) out.push([call, root]);
    }
  }
  return out;
}

/** `context.log[0].term` -> `context`; undefined when the chain passes through a call or a literal (a copy). */
function rootName(node: Node): string | undefined {
  let at: Node = node;
  for (;;) {
    if (Node.isIdentifier(at)) return at.getText();
    if (Node.isPropertyAccessExpression(at) || Node.isElementAccessExpression(at) || Node.isNonNullExpression(at) || Node.isParenthesizedExpression(at) || Node.isAsExpression(at)) {
      at = at.getExpression();
      continue;
    }
    return undefined;
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? flat.slice(0, 57) + '...' : flat;
}
