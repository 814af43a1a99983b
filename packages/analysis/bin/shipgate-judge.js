#!/usr/bin/env node
// Node 20 cannot run the TypeScript source; this launcher runs the ncc bundle built by
// `node scripts/build.mjs shipgate-judge`.
import '../../../dist/shipgate-judge/index.js';
