#!/usr/bin/env node
import '../dist/bundle/spameval.js';
