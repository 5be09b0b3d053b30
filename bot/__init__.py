"""hipcoach core: services, domain rules, ports, storage and the runtime that wires them."""
