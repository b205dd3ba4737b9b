import { Project } from 'ts-morph';
import { join } from 'node:path';
import type { ProtocolDefinition } from '../model/protocol.ts';
import type { CheckOptions } from '../checker/result.ts';
import { coverageFindings } from './coverage.ts';
import { sortFindings, type Finding } from './finding.ts';
import { purityFindings } from './purity.ts';
import { usageFindings } from './usage.ts';

export interface LintOptions {
  /** Run the model-checking part (broken variants, witnesses). */
  readonly check: boolean;
  readonly limits?: CheckOptions;
  readonly onRun?: (what: string) => void;
}

/**
 * The whole `soffio lint` over a project: purity of models/, use of every named guard and
 * action, and (with `check`) properties that fail in some variant and witnesses reached.
 *
 * Example: `lintProject('/work/main', await loadAllProtocols(), { check: false })` is `[]` on a clean tree.
 */
export function lintProject(root: string, defs: readonly ProtocolDefinition[], options: LintOptions): Finding[] {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  project.addSourceFilesAtPaths([join(root, 'models/**/*.ts'), '!' + join(root, 'models/**/*.d.ts')]);
  return sortFindings([...purityFindings(project, root), ...usageFindings(defs, root), ...coverageFindings(defs, root, options)]);
}
