"""Thread synchronisation: mutexes, counting semaphores and deadlock detection."""
