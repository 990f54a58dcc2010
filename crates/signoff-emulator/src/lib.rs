//! The offline emulator of all five APIs (lands with its issue).
