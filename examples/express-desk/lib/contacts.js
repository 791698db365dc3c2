'use strict';
// Contact profiles from the Graph API, fetched once per sender and cached in the state.

class Contacts {
  constructor({ state, save, graph }) {
    this.state = state;
    this.save = () => save(state);
    this.graph = graph;
    this.inflight = new Map(); // igsid -> profile request
  }

  // Fetches a sender's profile once (retried after a minute if it failed).
  ensure(igsid) {
    const known = this.state.contacts[igsid];
    if (known && (known.fetchedAt || Date.now() - known.failedAt < 60_000)) return Promise.resolve();
    if (this.inflight.has(igsid)) return this.inflight.get(igsid);
    const job = this.graph
      .getProfile(igsid)
      .then((p) => {
        this.state.contacts[igsid] = {
          id: igsid,
          name: typeof p.name === 'string' ? p.name : null,
          username: typeof p.username === 'string' ? p.username : null,
          profilePic: typeof p.profile_pic === 'string' && /^https?:\/\//i.test(p.profile_pic) ? p.profile_pic : null,
          fetchedAt: Date.now(),
        };
      })
      .catch((err) => {
        console.warn(`profile of ${igsid} not available: ${err.message}`);
        this.state.contacts[igsid] = { ...(known || { id: igsid }), failedAt: Date.now() };
      })
      .finally(() => {
        this.inflight.delete(igsid);
        this.save();
      });
    this.inflight.set(igsid, job);
    return job;
  }
}

module.exports = { Contacts };
