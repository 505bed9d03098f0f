import { z } from 'zod';

/**
 * Imported first by the background and the extension pages: zod probes `new Function` for a
 * faster object parser, which the extension's content security policy forbids (the refused eval
 * shows up as an error of the extension). Jitless parsing is the same parsing, without the probe.
 */
z.config({ jitless: true });
