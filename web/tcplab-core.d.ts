// The types of tcplab-core.js (the Node module): those of tcplab.d.ts.
import createTcpLab = require('./tcplab');
export = createTcpLab;
