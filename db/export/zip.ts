/**
 * A minimal streaming ZIP writer for the .xlsx export: entries are deflated as they are written
 * (zlib's raw deflate stream at its fastest level — sheet XML still shrinks ~8×, with backpressure), their CRC-32 and sizes go in a data descriptor
 * after each entry and in the central directory at the end. No ZIP64: an entry stays below 4 GB
 * (a full sheet of 1,048,575 rows of the widest export is well under that).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

interface Entry {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/** DOS date and time of now (ZIP's own format). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export class ZipWriter {
  private fd: number;
  private position = 0;
  private entries: Entry[] = [];
  private stamp = dosTime(new Date());

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  private write(buf: Buffer): void {
    let done = 0;
    while (done < buf.length) done += fs.writeSync(this.fd, buf, done, buf.length - done, this.position + done);
    this.position += buf.length;
  }

  /** Starts an entry; write its content with `write`, then `end` it. One entry at a time. */
  entry(name: string): ZipEntryWriter {
    const nameBuf = Buffer.from(name, 'utf8');
    const entry: Entry = { name: nameBuf, offset: this.position, crc: 0, compressed: 0, size: 0 };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // crc, sizes: 0 here (bit 3)
    header.writeUInt16LE(nameBuf.length, 26);
    header.writeUInt16LE(0, 28);
    this.write(header);
    this.write(nameBuf);
    return new ZipEntryWriter(
      (chunk) => {
        entry.compressed += chunk.length;
        this.write(chunk);
      },
      (crc, size) => {
        entry.crc = crc;
        entry.size = size;
        const desc = Buffer.alloc(16);
        desc.writeUInt32LE(0x08074b50, 0);
        desc.writeUInt32LE(crc >>> 0, 4);
        desc.writeUInt32LE(entry.compressed, 8);
        desc.writeUInt32LE(size, 12);
        this.write(desc);
        this.entries.push(entry);
      },
    );
  }

  /** A whole entry at once (the small XML parts). */
  async file(name: string, content: string): Promise<void> {
    const e = this.entry(name);
    await e.write(content);
    await e.end();
  }

  /** Writes the central directory and closes the file. */
  close(): void {
    const start = this.position;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: 2.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      this.write(h);
      this.write(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.position - start, 12);
    end.writeUInt32LE(start, 16);
    this.write(end);
    fs.closeSync(this.fd);
  }

  /** Closes the file without finishing it (after an error); the caller removes it. */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

/** One entry's content: text in, deflated out, with its CRC-32 and size. */
export class ZipEntryWriter {
  private deflate = zlib.createDeflateRaw({ level: 1, memLevel: 9 });
  private crc = 0;
  private size = 0;
  private finished: Promise<void>;

  constructor(out: (chunk: Buffer) => void, done: (crc: number, size: number) => void) {
    this.deflate.on('data', (chunk: Buffer) => out(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.deflate.on('end', () => {
        done(this.crc, this.size);
        resolve();
      });
      this.deflate.on('error', reject);
    });
  }

  /** Resolves at once, or when the compressor has caught up (backpressure). */
  write(text: string): Promise<void> | void {
    const buf = Buffer.from(text, 'utf8');
    this.crc = zlib.crc32(buf, this.crc);
    this.size += buf.length;
    if (this.deflate.write(buf)) return;
    return new Promise((resolve) => this.deflate.once('drain', () => resolve()));
  }

  end(): Promise<void> {
    this.deflate.end();
    return this.finished;
  }
}
