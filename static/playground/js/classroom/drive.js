/**
 * The instructor's side of playback: watches the instructor's player and
 * tells the session when it plays, pauses, moves or changes speed.
 *
 * The player has no change callback, so Driver is both a player widget
 * (render(view) runs after every redraw) and a 200 ms poll (the speed menu
 * and the +/- keys change the speed without a redraw, and a hidden tab
 * gets no animation frames).  Messages go out only for real changes.
 */

export class Driver {
  /**
   * @param {Player} player  the instructor's player
   * @param {(message: object) => boolean} send  the session socket's send
   */
  constructor(player, send) {
    this.player = player;
    this.send = send;
    this.last = null; // what the server was last told: {step, playing, speed}
    this.pending = null; // the session's state to restore once its step is loaded
    this.timer = setInterval(() => this.check(), 200);
  }

  /**
   * Start from the session's state (from session.welcome): the player jumps
   * to its step once the run has streamed that far, and only then does the
   * driver begin to report, so a reload never rewinds the class.
   */
  restore(state) {
    this.pending = state;
    this.last = null;
    this.check();
  }

  /**
   * After a reconnect: this player is what the class should see, so report
   * all of it again (the server's copy may miss what changed while offline).
   */
  resync() {
    if (this.pending) return; // still restoring the first state
    this.last = { step: -1, playing: null, speed: null };
    this.check();
  }

  render() {
    this.check();
  }

  check() {
    const player = this.player;
    if (this.pending) {
      const state = this.pending;
      if (player.store.length <= state.step) return; // not streamed that far yet
      this.pending = null;
      player.setSpeed(state.speed);
      player.seek(state.step);
      if (state.playing) player.play();
      else player.pause();
      this.last = { step: state.step, playing: state.playing, speed: state.speed };
      return;
    }
    if (!this.last || player.index < 0) return;
    const now = { step: player.index, playing: player.playing, speed: player.speed };
    if (now.speed !== this.last.speed && this.send({ type: "speed", speed: now.speed })) this.last.speed = now.speed;
    if (now.step !== this.last.step && this.send({ type: "seek", step: now.step })) this.last.step = now.step;
    if (now.playing !== this.last.playing && this.send({ type: now.playing ? "play" : "pause" })) {
      this.last.playing = now.playing;
    }
  }

  dispose() {
    clearInterval(this.timer);
  }
}
