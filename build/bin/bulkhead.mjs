#!/usr/bin/env node
// The `bulkhead` command: runs the bundle that `npm ci` builds (see build/bundle.mjs).
import '../out/cli.mjs';
