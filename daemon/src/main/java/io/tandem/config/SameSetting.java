package io.tandem.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Equality of config values that ignores where they were written: two {@code real_server} blocks
 * with the same keywords are the same even when a reload moved them ten lines down. Walks records
 * and lists, skips every {@link SourcePosition}, and compares anything else with {@code equals}.
 * Written by hand because record equality includes the positions. Pure and thread-safe.
 */
final class SameSetting {

    private SameSetting() {}

    static boolean same(@Nullable Object a, @Nullable Object b) {
        return same(a, b, Set.of());
    }

    /** As {@link #same(Object, Object)}, not looking at the top record's {@code skipped} parts. */
    static boolean same(@Nullable Object a, @Nullable Object b, Set<String> skipped) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof SourcePosition && b instanceof SourcePosition) {
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        Class<?> type = a.getClass();
        if (type.isRecord() && type == b.getClass()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (skipped.contains(c.getName())) {
                    continue;
                }
                if (!same(read(c, a), read(c, b))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static @Nullable Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
