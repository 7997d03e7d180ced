// Loaded into every gearbox child of the suite (`node --import`): the child ends itself when the
// test process that started it is gone (killed by a timeout, say), so no server outlives a run.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();
