package io.tandem.metrics;

/** What a config reload reports. Any thread; never blocks. */
public interface ReloadEvents {

    ReloadEvents NONE = success -> {};

    /** A reload finished: applied ({@code true}) or refused and the running config kept. */
    void reloadFinished(boolean success);
}
