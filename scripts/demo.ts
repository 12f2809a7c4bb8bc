// The demo: filled in by the analysis work (render demo songs, analyse, print a table).
console.log('audiio-ml demo: nothing to show yet');
