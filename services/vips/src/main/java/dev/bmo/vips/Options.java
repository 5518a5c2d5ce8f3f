package dev.bmo.vips;

import java.util.ArrayList;
import java.util.List;

/**
 * A libvips option list (name/value pairs for a varargs call). {@link #toVarargs()} always ends the list
 * with the null terminator libvips needs; forgetting it reads garbage off the stack.
 */
final class Options {

    private final List<Object> items = new ArrayList<>();

    static Options none() {
        return new Options();
    }

    Options put(String name, int value) {
        items.add(name);
        items.add(value);
        return this;
    }

    Options put(String name, boolean value) {
        return put(name, value ? 1 : 0); // gboolean is a C int
    }

    Options put(String name, double value) {
        items.add(name);
        items.add(value);
        return this;
    }

    Options put(String name, String value) {
        items.add(name);
        items.add(value);
        return this;
    }

    Options put(String name, com.sun.jna.Pointer value) {
        items.add(name);
        items.add(value);
        return this;
    }

    Object[] toVarargs() {
        Object[] args = items.toArray(new Object[items.size() + 1]);
        args[args.length - 1] = null;
        return args;
    }
}
