// The load side of the consent write benchmark, run as its own process: one bounded autocannon run whose
// options come as JSON in argv[2]; prints autocannon's result as JSON. `[<id>]` in the body and headers
// becomes a fresh id per request.
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2]);
const result = await autocannon({ ...options, idReplacement: true });
process.stdout.write(JSON.stringify(result));
