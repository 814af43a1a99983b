import cliPackage from '../package.json';

/** `shipgate --version`: the CLI package's version, inlined into the bundle at build time. */
export const VERSION: string = cliPackage.version;
