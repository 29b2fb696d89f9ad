// Preloaded into a benchmarked process: reports its peak resident set size on standard error.
'use strict';
process.on('exit', () => {
  process.stderr.write(`\nbench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
