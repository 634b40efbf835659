#!/usr/bin/env node
// The installed command runs the compiled CLI (Node does not strip types under node_modules).
import '../dist/cli/main.js';
