// The peer's floor: sharp (ipx's image library, with its own libvips build) doing the same work as
// Floor.java, in-process, one libvips thread per core, no cache: CPU ms per image.
//   NODE_PATH=<ipx>/node_modules node bench/resizer/sharp-floor.js LABEL SECONDS IMAGE...
const sharp = require('sharp');
const fs = require('fs');
const [label, seconds, ...files] = process.argv.slice(2);
const images = files.map(f => fs.readFileSync(f));
sharp.concurrency(1);
sharp.cache(false);
const work = [];
for (let q = 60; q <= 99; q++) for (let w = 780; w <= 820; w++) for (const image of images) work.push([image, w, q]);
async function worker(from, until, count) {
  for (let k = from; Date.now() < until; k++, count.n++) {
    const [image, w, q] = work[k % work.length];
    await sharp(image).resize(w).jpeg({ quality: q }).toBuffer();
  }
}
async function run(ms) {
  const count = { n: 0 }, until = Date.now() + ms, cores = require('os').availableParallelism();
  await Promise.all([...Array(cores).keys()].map(c => worker(c * 37, until, count)));
  return count.n;
}
(async () => {
  await run(3000); // warm-up
  const cpu0 = process.cpuUsage(), t0 = Date.now();
  const n = await run(seconds * 1000);
  const cpu = process.cpuUsage(cpu0), elapsed = (Date.now() - t0) / 1000;
  console.log(`${label.padEnd(44)} images=${n} rps=${(n / elapsed).toFixed(1)} cpu_ms=${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} (sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})`);
})();
