// The Node module of this build, loaded once per test file, and helpers the
// API tests share. Not a test file itself (no .test. in the name).
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const modulePath = join(root, 'build/web/tcplab-core.js');
const createTcpLab = createRequire(import.meta.url)(modulePath);
export const tcplab = await createTcpLab();

// A new lab for one test; `use` gets it and it is freed afterwards.
export function withLab(options, use) {
  const lab = tcplab.createLab(options);
  try {
    return use(lab);
  } finally {
    lab.delete();
  }
}

// The client listens nowhere: the server listens on 80, the client connects
// from 40000. Returns the connection names.
export function openPair(lab) {
  return { listener: lab.listen('server', 80), client: lab.connect('client', 80, 40000) };
}

// Records of one type from the trace, optionally filtered.
export function records(lab, type, pick = () => true) {
  return lab.trace().filter((r) => r.type === type && pick(r));
}

// The pcap file's packets: [{ts (µs), bytes}] after the 24-byte global header.
export function pcapPackets(file) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const packets = [];
  for (let at = 24; at < file.length;) {
    const length = view.getUint32(at + 8, true);
    packets.push({ ts: view.getUint32(at, true) * 1e6 + view.getUint32(at + 4, true), bytes: file.subarray(at + 16, at + 16 + length) });
    at += 16 + length;
  }
  return packets;
}
