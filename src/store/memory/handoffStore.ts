import { handoffScore, type HandoffRequest, type HandoffStore } from '../../handoff/types';

export class MemoryHandoffStore implements HandoffStore {
  private readonly flagged = new Map<string, HandoffRequest>();

  async flag(request: HandoffRequest): Promise<void> {
    const previous = this.flagged.get(request.conversationKey);
    if (previous?.reason === 'emergency' && request.reason !== 'emergency') return;
    this.flagged.set(request.conversationKey, structuredClone(request));
  }

  async waiting(limit: number): Promise<HandoffRequest[]> {
    return [...this.flagged.values()]
      .sort((a, b) => handoffScore(a) - handoffScore(b))
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }
}
