// A course author's grading script in TypeScript, type-checked (never run)
// by api_types.test.mjs with `tsc --noEmit --strict`: it proves that
// web/tcplab.d.ts declares what the documented API does, and the lines
// marked as expected errors prove the declarations refuse what the API refuses.
// An author imports build/web/tcplab-core.js; the same declarations are read
// here from web/.
import createTcpLab = require('../../web/tcplab-core.js');
type Lab = createTcpLab.Lab;
type TcpState = createTcpLab.TcpState;

function handshakeStates(lab: Lab): TcpState[] {
  const seen: TcpState[] = [];
  lab.on('stateChanged', (e) => seen.push(e.to));
  lab.listen('server', 80);
  lab.connect('client', 80, 40000);
  lab.runFor('100ms');
  return seen;
}

async function grade(scenarioText: string): Promise<boolean> {
  const tcplab = await createTcpLab({ printErr: (text: string) => console.warn(text) });
  const lab = tcplab.createLab({ profile: 'linux', loss: '1%', 'c2s.latency': '50ms', s2c: { jitter: 0.005 } });
  try {
    const states = handshakeStates(lab);
    const established: boolean = states.indexOf('ESTABLISHED') >= 0;

    const info = lab.loadScenario(scenarioText, 'homework');
    for (const x of info.expectations) console.log(`line ${x.line}: ${x.text}`);
    const results = lab.runToEnd();
    for (const r of results) console.log(`${r.passed ? 'PASS' : 'FAIL'} line ${r.line}: ${r.text} (${r.seen})`);

    const t: number = lab.now();
    const step = lab.step();
    const more: boolean = step.more;
    const clock: number = lab.runUntil(t + 1) + lab.rewind(0) + lab.runFor(2.5);
    const tcb = lab.tcb('client');
    const window: number = tcb.snd_wnd + tcb.rcv_wnd;
    const srtt: number = tcb.srtt === null ? tcb.rto : tcb.srtt;
    const series = lab.windowSeries('client');
    const tahoe = lab.windowSeries('c', 'tahoe');
    const tahoeCwnd: number = tahoe === null ? 0 : tahoe.points[0].cwnd;
    const cwnds: number[] = series === null ? [] : series.points.map((p) => p.cwnd);
    const fastRetransmits: (number | null)[] =
      series === null ? [] : series.marks.filter((m) => m.kind === 'fast-retransmit').map((m) => m.segment);
    const lastPhase: createTcpLab.CongestionPhase | undefined = series?.points[series.points.length - 1]?.phase;
    const peerWindow: number = series === null || series.peer_window.length === 0 ? 0 : series.peer_window[0].window;
    const views: boolean = lab.settings().lane && lab.settings().graph === 'sequence';
    const latency: number = lab.settings().link['client->server'].latency;
    const remaining: number[] = lab.timers('c').map((timer) => timer.remaining);
    const state: TcpState = lab.state('server');
    const client: TcpState = lab.states().client;
    const names: string[] = lab.connections().map((c) => `${c.name} ${c.local} -> ${c.remote}`);

    const refused: string | null = lab.send('c', new Uint8Array([1, 2, 3])) || lab.close('c');
    lab.dropNext('c2s', 'SYN');
    const held: number | null = lab.holdInFlight('s2c', 'ACK', 'old');
    lab.release('old');
    lab.setLink('both', { loss: 0.1, latency: '20ms' });
    lab.inject('c', 'RST', { seq: 'rcv_nxt+1000' });
    lab.reading('c', false);

    const capture: Uint8Array = lab.pcap('client');
    const segments = lab.trace().filter((r): r is createTcpLab.SegmentRecord => r.type === 'segment');
    const firstFlags: string | undefined = segments.length > 0 ? segments[0].flags : undefined;
    lab.once('scenarioFinished', (e) => console.log(e.passed, e.results.length));
    lab.on('segmentLost', (e) => console.log(e.fate, e.segment && e.segment.flags));
    lab.on('rewind', (e) => console.log(e.t));
    lab.on('timerFired', (e, same) => console.log(e.timer, same.now()));

    const finished = lab.results();
    const digest: string = lab.digest();
    const query: string = lab.shareQuery();
    const seed: string = lab.settings().seed;
    console.log(established, more, clock, window, srtt, latency, remaining, state, client, names, refused, held, capture.length,
      firstFlags, finished, digest, query, seed, tcplab.apiMethods().map((m) => m.params),
      cwnds, fastRetransmits, lastPhase, peerWindow, views, tahoeCwnd);

    // @ts-expect-error: a port is a number
    lab.listen('server', '80');
    // @ts-expect-error: bytes are a string or a Uint8Array
    lab.send('c', 42);
    // @ts-expect-error: no such event
    lab.on('stateChange', () => undefined);
    // @ts-expect-error: no such settings key
    lab.reset({ latnecy: '10ms' });
    // @ts-expect-error: the profile is rfc9293 or linux
    tcplab.createLab({ profile: 'bsd' });
    return results.every((r) => r.passed) && finished !== null;
  } catch (e) {
    if (e instanceof tcplab.TcpLabError) console.error(`${e.method} refused: ${e.message}`);
    throw e;
  } finally {
    lab.delete();
  }
}

grade('host client 10.0.0.1\nhost server 10.0.0.2\n').then((ok) => console.log(ok ? 'passed' : 'failed'));

// The page's lab, for scripts in a page that embeds it.
function pageDigest(w: Window): string | undefined {
  return w.tcplab ? w.tcplab.digest() : undefined;
}
console.log(pageDigest);
