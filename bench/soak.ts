export interface SoakOptions {
  conversations: number;
  seconds: number;
  warmupSeconds: number;
  botNodeArgs: string[];
}
export async function soak(_o: SoakOptions): Promise<void> {
  throw new Error('todo');
}
