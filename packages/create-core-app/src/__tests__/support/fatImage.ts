import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, truncateSync } from 'node:fs';
import path from 'node:path';

/** The tools a FAT image needs: where each is, or undefined when it is not installed. */
export function fatTools(): { fusefat?: string; mkfs?: string; fusermount?: string } {
  return { fusefat: which('fusefat'), mkfs: which('mkfs.vfat'), fusermount: which('fusermount') };
}

/** What to install when a tool is missing (Debian/Ubuntu). */
export const FAT_TOOLS_HINT = 'apt-get install fusefat dosfstools (and a /dev/fuse the process may open)';

/**
 * A FAT file system, as case-insensitive as macOS's APFS or Windows' NTFS by default, in a sparse
 * image file mounted through FUSE (`fusefat`): no root, no kernel module beyond FUSE. It has no
 * copyfile(2) and no symlinks: write files with read/write, and keep `node_modules` in a folder
 * above the mount (Node and Vite resolve upward).
 */
export class FatImage {
  private constructor(
    /** Where the file system is mounted. */
    readonly mountDir: string,
    private readonly fusermount: string,
  ) {}

  /** Makes a `sizeMiB` image at `imageFile` and mounts it on `mountDir` (created when missing). */
  static mount(imageFile: string, mountDir: string, sizeMiB = 300): FatImage {
    const { fusefat, mkfs, fusermount } = fatTools();
    if (!fusefat || !mkfs || !fusermount) {
      throw new Error(`A FAT image needs fusefat, mkfs.vfat and fusermount: ${FAT_TOOLS_HINT}.`);
    }
    closeSync(openSync(imageFile, 'w'));
    truncateSync(imageFile, sizeMiB * 1024 * 1024);
    run(mkfs, [imageFile]);
    mkdirSync(mountDir, { recursive: true });
    run(fusefat, ['-o', 'rw+', imageFile, mountDir]);
    if (!isMounted(mountDir)) throw new Error(`fusefat returned but ${mountDir} is not a mount point.`);
    return new FatImage(mountDir, fusermount);
  }

  /** Unmounts the file system (the image file stays until its folder is removed). */
  unmount(): void {
    if (isMounted(this.mountDir)) run(this.fusermount, ['-u', this.mountDir]);
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed: ${result.error?.message ?? output}`);
  }
}

function isMounted(dir: string): boolean {
  const resolved = path.resolve(dir);
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === resolved);
}

/** A program on the PATH, or in the sbin folders a non-root PATH may lack (mkfs.vfat lives there). */
function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.map((dir) => path.join(dir, name)).find((file) => existsSync(file));
}
