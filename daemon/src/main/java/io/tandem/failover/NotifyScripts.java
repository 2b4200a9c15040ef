package io.tandem.failover;

import io.tandem.config.VrrpNotify;
import io.tandem.script.ScriptCommand;
import io.tandem.script.ScriptRunner;
import io.tandem.vrrp.VrrpAction;
import io.tandem.vrrp.VrrpState;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * keepalived's notify scripts for one instance: {@code notify_master}, {@code notify_backup},
 * {@code notify_fault} and {@code notify_stop} run without arguments; {@code notify} runs on every
 * change with {@code INSTANCE NAME STATE PRIORITY} appended (STATE is MASTER, BACKUP, FAULT or
 * STOP). A {@code vrrp_sync_group}'s scripts are the same with {@code GROUP NAME STATE 0} appended.
 * Launched on virtual threads, so the runner never waits for them. Commands are split at startup,
 * so a quoting mistake stops the daemon before it runs.
 */
final class NotifyScripts {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String kind;
    private final String instance;
    private final @Nullable ScriptCommand master;
    private final @Nullable ScriptCommand backup;
    private final @Nullable ScriptCommand fault;
    private final @Nullable ScriptCommand stop;
    private final @Nullable ScriptCommand any;
    private final ScriptRunner runner;
    private final FailoverEvents events;

    NotifyScripts(String instance, VrrpNotify notify, ScriptRunner runner, FailoverEvents events) {
        this("INSTANCE", instance, notify, runner, events);
    }

    private NotifyScripts(
            String kind,
            String instance,
            VrrpNotify notify,
            ScriptRunner runner,
            FailoverEvents events) {
        this.kind = kind;
        this.instance = instance;
        this.master = parse(notify.master());
        this.backup = parse(notify.backup());
        this.fault = parse(notify.fault());
        this.stop = parse(notify.stop());
        this.any = parse(notify.any());
        this.runner = runner;
        this.events = events;
    }

    private static @Nullable ScriptCommand parse(@Nullable String line) {
        return line == null ? null : ScriptCommand.parse(line);
    }

    /** The scripts of sync group {@code group}. */
    static NotifyScripts group(String group, VrrpNotify notify, ScriptRunner runner) {
        return new NotifyScripts("GROUP", group, notify, runner, FailoverEvents.NONE);
    }

    /** Called on the runner thread after the instance changed state. */
    void changed(VrrpAction.StateChanged change, int priority) {
        events.instanceChangedState(
                instance, change.from(), change.to(), change.reason(), priority);
        run(change.to(), priority);
    }

    /**
     * Called by a sync group when the group as a whole changed state; keepalived passes no priority
     * for a group, so 0 is appended.
     */
    void groupChanged(VrrpState from, VrrpState to) {
        run(to, 0);
    }

    private void run(VrrpState state, int priority) {
        String name =
                switch (state) {
                    case MASTER -> "MASTER";
                    case BACKUP -> "BACKUP";
                    case FAULT -> "FAULT";
                    case INIT -> "STOP";
                };
        ScriptCommand specific =
                switch (state) {
                    case MASTER -> master;
                    case BACKUP -> backup;
                    case FAULT -> fault;
                    case INIT -> stop;
                };
        if (specific != null) {
            runner.launch(specific, TIMEOUT, null);
        }
        if (any != null) {
            runner.launch(
                    any.withArguments(List.of(kind, instance, name, String.valueOf(priority))),
                    TIMEOUT,
                    null);
        }
    }
}
