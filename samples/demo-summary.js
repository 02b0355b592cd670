// Summarizes a telemetry v3 NDJSON file: event counts by type and the slowest functions (by function_exit duration).
// Usage: node samples/demo-summary.js <events.ndjson>
'use strict';
const fs = require('fs');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim().length > 0);
const counts = new Map();
const slowest = new Map();
let unreadable = 0;
for (const line of lines) {
  let event;
  try { event = JSON.parse(line); } catch { unreadable++; continue; }
  counts.set(event.event_type, (counts.get(event.event_type) || 0) + 1);
  if (event.event_type === 'function_exit' && event.function_name && typeof event.duration_ns === 'number') {
    slowest.set(event.function_name, Math.max(slowest.get(event.function_name) || 0, event.duration_ns));
  }
}

console.log(`${lines.length} events${unreadable ? ` (${unreadable} unreadable lines)` : ''}`);
console.log('by event_type:');
for (const [type, count] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(6)}  ${type}`);
console.log('slowest functions (longest single call):');
for (const [name, ns] of [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
  console.log(`  ${(ns / 1e6).toFixed(3).padStart(10)} ms  ${name}`);
}
