// The portal's node unit tests' tally (*.test.mjs): check() counts a
// result and names a failure; report() prints the count and sets the exit
// code (1 on any failure), after any awaited checks.

let failures = 0;
let passes = 0;

export function check(ok, what) {
  if (ok) { passes++; return; }
  failures++;
  console.error(`FAIL: ${what}`);
}

export function report(name) {
  console.log(`${name}: ${passes} passed, ${failures} failed`);
  process.exitCode = failures === 0 ? 0 : 1;
}
