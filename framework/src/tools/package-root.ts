// Where this package is installed: its root holds package.json, dist/ and templates/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This module sits in src/tools/ (sources) or dist/tools/ (compiled): the package root is two levels up. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The fields of the package's own package.json that the tools read. */
export interface OwnPackage {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Record<string, string>;
}

export function ownPackage(): OwnPackage {
  return JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as OwnPackage;
}
