#!/usr/bin/env node
// `npx shipgate ...`: the committed bundle (Node cannot run the TypeScript source directly).
import '../../../dist/cli/index.js';
