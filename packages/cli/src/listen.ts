import type { CoreServer } from '@core/server';
import { CliError } from './cliError.js';

/** Starts listening; a port in use becomes a clear one-line error. */
export async function listen(server: CoreServer, port: number, host: string): Promise<{ port: number; url: string }> {
  try {
    return await server.listen(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`Port ${port} is in use; stop the other process or pass --port <number>.`, { cause: error });
    }
    throw error;
  }
}
