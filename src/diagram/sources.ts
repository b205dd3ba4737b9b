import { Node, Project, SyntaxKind, type CallExpression, type ObjectLiteralExpression } from 'ts-morph';
import type { ImplementationSources } from './labels.ts';

/**
 * The source text of a model's named guards and actions, for `soffio diagram --detail`. It
 * reads the TypeScript of the model's folder with ts-morph (syntax only, no type checking)
 * and finds `setup({ guards: {...}, actions: {...} }).createMachine({ id: ... })`: each
 * property of the `guards` and `actions` objects gives a name and its initializer's text.
 *
 * A name a spread (`...requestVoteActions`) defines has no literal property; its text is the
 * declaration of the spread variable, found in the enclosing function or file.
 */

interface SetupFound {
  /** The `id` of the machine the setup creates, when it is a string literal. */
  readonly machineId?: string;
  readonly guards: ImplementationTable;
  readonly actions: ImplementationTable;
}

interface ImplementationTable {
  readonly named: ReadonlyMap<string, string>;
  /** Source of the spreads, for names the table does not list literally. */
  readonly spreads: readonly string[];
}

/**
 * Every `setup` of the TypeScript files under `folder`; the one creating machine `machineId`
 * wins, then the others in file order (a model helper may define a shared setup).
 *
 * Example: `modelSources('/work/main/models/raft', 'raftServer').guard('isNewerTerm')` is
 * `({ context, event }) => (event as { term: number }).term > context.currentTerm`.
 */
export function modelSources(folder: string, machineId: string): ImplementationSources {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: false } });
  project.addSourceFilesAtPaths([`${folder}/**/*.ts`, `!${folder}/**/*.d.ts`]);
  const found: SetupFound[] = [];
  for (const file of project.getSourceFiles()) {
    for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const setup = readSetup(call);
      if (setup) found.push(setup);
    }
  }
  const own = found.filter((s) => s.machineId === machineId);
  const ordered = [...own, ...found.filter((s) => s.machineId !== machineId)];
  const lookup = (table: (s: SetupFound) => ImplementationTable) => (name: string) => {
    for (const s of ordered) {
      const text = table(s).named.get(name);
      if (text !== undefined) return text;
    }
    // Only the machine's own spreads can define a name it uses that no property lists.
    const spreads = (own.length > 0 ? own : ordered).flatMap((s) => table(s).spreads);
    return spreads.length > 0 ? spreads.join('\n') : undefined;
  };
  return { guard: lookup((s) => s.guards), action: lookup((s) => s.actions) };
}

function readSetup(call: CallExpression): SetupFound | undefined {
  const callee = call.getExpression();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'setup') return undefined;
  const config = call.getArguments()[0];
  if (!config || !Node.isObjectLiteralExpression(config)) return undefined;
  return {
    ...(machineIdOf(call) === undefined ? {} : { machineId: machineIdOf(call) }),
    guards: tableOf(config, 'guards'),
    actions: tableOf(config, 'actions'),
  };
}

/** The `id` in `setup(...).createMachine({ id: 'x', ... })`. */
function machineIdOf(setupCall: CallExpression): string | undefined {
  const access = setupCall.getParent();
  if (!access || !Node.isPropertyAccessExpression(access) || access.getName() !== 'createMachine') return undefined;
  const create = access.getParent();
  if (!create || !Node.isCallExpression(create)) return undefined;
  const config = create.getArguments()[0];
  if (!config || !Node.isObjectLiteralExpression(config)) return undefined;
  const id = config.getProperty('id');
  if (!id || !Node.isPropertyAssignment(id)) return undefined;
  const value = id.getInitializer();
  return value && Node.isStringLiteral(value) ? value.getLiteralValue() : undefined;
}

function tableOf(config: ObjectLiteralExpression, key: 'guards' | 'actions'): ImplementationTable {
  const property = config.getProperty(key);
  const named = new Map<string, string>();
  const spreads: string[] = [];
  if (!property || !Node.isPropertyAssignment(property)) return { named, spreads };
  const object = property.getInitializer();
  if (!object || !Node.isObjectLiteralExpression(object)) return { named, spreads };
  for (const member of object.getProperties()) {
    if (Node.isPropertyAssignment(member)) {
      const initializer = member.getInitializer();
      if (initializer) named.set(propertyName(member.getName()), dedent(initializer.getText(), member.getStartLinePos(), initializer));
    } else if (Node.isShorthandPropertyAssignment(member)) {
      named.set(member.getName(), member.getName());
    } else if (Node.isMethodDeclaration(member)) {
      named.set(propertyName(member.getName()), dedent(member.getText(), member.getStartLinePos(), member));
    } else if (Node.isSpreadAssignment(member)) {
      spreads.push(spreadSource(member.getExpression()));
    }
  }
  return { named, spreads };
}

/** `'a-b'` and `"a-b"` name the property a-b. */
function propertyName(name: string): string {
  return /^(['"]).*\1$/.test(name) ? name.slice(1, -1) : name;
}

/** `...xs` where `const xs = ...` is declared in an enclosing block or the file: that declaration. */
function spreadSource(expression: Node): string {
  if (Node.isIdentifier(expression)) {
    const name = expression.getText();
    for (const ancestor of expression.getAncestors()) {
      if (!Node.isStatemented(ancestor)) continue;
      const declaration = ancestor.getVariableDeclaration(name);
      if (declaration) {
        const statement = declaration.getVariableStatement() ?? declaration;
        return dedent(statement.getText(), statement.getStartLinePos(), statement);
      }
    }
  }
  return `...${expression.getText()}`;
}

/**
 * Removes the indentation the text's first line had in its file from every later line, so a
 * definition nested in a function reads as if written at the margin.
 */
function dedent(text: string, lineStart: number, node: Node): string {
  const full = node.getSourceFile().getFullText();
  const indent = /^[ \t]*/.exec(full.slice(lineStart))![0].length;
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.replace(new RegExp(`^[ \\t]{0,${indent}}`), '')))
    .join('\n');
}
