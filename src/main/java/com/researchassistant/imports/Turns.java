package com.researchassistant.imports;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets entries read side by side decide one at a time, in entry order, whether they are new: the
 * first of two copies in an import is the one kept, however fast each was read. Every entry
 * {@link #await}s its turn and then {@link #pass}es it, once.
 */
final class Turns {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private int next;

    Turns(int first) {
        this.next = first;
    }

    void await(int entry) throws InterruptedException {
        lock.lock();
        try {
            while (next != entry) {
                moved.await();
            }
        } finally {
            lock.unlock();
        }
    }

    void pass(int entry) {
        lock.lock();
        try {
            if (next == entry) {
                next = entry + 1;
                moved.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
