package io.jcompose.engine.local;

import io.jcompose.engine.api.EngineStream;
import io.jcompose.engine.api.Event;
import io.jcompose.engine.api.EventQuery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The engine's events: the last 1000 are kept for {@code since}, live ones go to every open stream. */
final class EventBus {
    private static final int KEEP = 1000;
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    private static final class Subscriber {
        final EventQuery query;
        final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        volatile boolean closed;

        Subscriber(EventQuery query) {
            this.query = query;
        }
    }

    void publish(Event e) {
        synchronized (history) {
            history.addLast(e);
            if (history.size() > KEEP) {
                history.removeFirst();
            }
        }
        for (Subscriber s : subscribers) {
            if (s.query.matches(e)) {
                s.queue.add(e);
            }
        }
    }

    EngineStream<Event> subscribe(EventQuery q) {
        Subscriber s = new Subscriber(q);
        List<Event> past = new ArrayList<>();
        synchronized (history) {
            if (q.since().isPresent()) {
                for (Event e : history) {
                    Instant t = Instant.ofEpochSecond(0, e.timeNano());
                    if (!t.isBefore(q.since().get()) && q.matches(e)) {
                        past.add(e);
                    }
                }
            }
            subscribers.add(s);
        }
        s.queue.addAll(past);
        return new EngineStream<>() {
            @Override
            public Optional<Event> next() {
                while (!s.closed) {
                    if (q.until().isPresent() && Instant.now().isAfter(q.until().get()) && s.queue.isEmpty()) {
                        close();
                        return Optional.empty();
                    }
                    try {
                        Event e = s.queue.poll(200, TimeUnit.MILLISECONDS);
                        if (e != null) {
                            if (q.until().isPresent() && Instant.ofEpochSecond(0, e.timeNano()).isAfter(q.until().get())) {
                                close();
                                return Optional.empty();
                            }
                            return Optional.of(e);
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        close();
                    }
                }
                return Optional.empty();
            }

            @Override
            public void close() {
                s.closed = true;
                subscribers.remove(s);
            }
        };
    }
}
