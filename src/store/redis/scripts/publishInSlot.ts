/**
 * publishInSlot: PUBLISH, run on the node that owns the channel name's hash slot. On a cluster a
 * bare PUBLISH goes to any node and reaches subscribers over the cluster bus, so two messages
 * sent through different nodes may arrive out of order; sent from one node they keep their order.
 *
 * KEYS[1] the channel (its name routes the call; no key of that name is read or written)
 * ARGV[1] the message
 * Returns how many subscribers on that node received it.
 */
export const PUBLISH_IN_SLOT = `
return redis.call('PUBLISH', KEYS[1], ARGV[1])
`;
