//! The session table: what is live, what has been ended, and the faults
//! queued by tests. One `Mutex` guards it; every logout takes the lock once
//! and removes what it ends in that one critical section.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use signoff_oci::PublicKey;

use crate::Vendor;
use crate::config::{Config, DEFAULT_ID_STORE};

/// A live OAM session.
#[derive(Debug, Clone)]
pub(crate) struct OamLive {
    pub(crate) session_id: String,
    pub(crate) user_id: String,
    pub(crate) id_store: String,
    pub(crate) index: u64,
}

/// The Commvault user the demo login and the configured sessions belong
/// to (`demo`).
pub(crate) const DEMO_COMMVAULT_USER_ID: u64 = 1;

/// Everything behind the lock.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub(crate) oci: HashMap<String, PublicKey>,
    pub(crate) veridata: HashSet<String>,
    pub(crate) commvault_tokens: HashSet<String>,
    /// Live Commvault sessions and the id of the user each belongs to.
    pub(crate) commvault_sessions: HashMap<String, u64>,
    pub(crate) oam_admins: Vec<(String, String)>,
    pub(crate) oam: Vec<OamLive>,
    pub(crate) jde: HashMap<String, Option<String>>,
    pub(crate) ended: Counts,
    pub(crate) faults: HashMap<Vendor, VecDeque<u16>>,
}

/// Per-vendor session counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// Oracle Compute Enclave (keys).
    pub oci: u64,
    /// Veridata (tokens).
    pub veridata: u64,
    /// Commvault (session ids).
    pub commvault: u64,
    /// OAM (sessions).
    pub oam: u64,
    /// JD Edwards (tokens).
    pub jde: u64,
}

impl Counts {
    /// The sum over vendors.
    pub fn total(&self) -> u64 {
        self.oci + self.veridata + self.commvault + self.oam + self.jde
    }

    pub(crate) fn add(&mut self, vendor: Vendor, n: u64) {
        let slot = match vendor {
            Vendor::Oci => &mut self.oci,
            Vendor::Veridata => &mut self.veridata,
            Vendor::Commvault => &mut self.commvault,
            Vendor::Oam => &mut self.oam,
            Vendor::Jde => &mut self.jde,
        };
        *slot += n;
    }
}

/// A snapshot of the table: sessions still live, sessions ended since the
/// start (each counted once, by the logout that removed it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// Live sessions.
    pub live: Counts,
    /// Sessions ended.
    pub ended: Counts,
}

/// The shared state of one emulator.
#[derive(Debug)]
pub(crate) struct Shared {
    tables: Mutex<Tables>,
    next_id: AtomicU64,
}

impl Shared {
    pub(crate) fn new(config: &Config) -> Self {
        let mut t = Tables::default();
        for k in &config.oci.keys {
            // Validated by Config::validate; a key that no longer parses is skipped.
            if let Ok(pk) = PublicKey::from_pem(&k.public_key_pem) {
                t.oci.insert(k.key_id.clone(), pk);
            }
        }
        t.veridata = config.veridata.tokens.iter().map(|s| s.expose().to_owned()).collect();
        t.commvault_tokens = config.commvault.tokens.iter().map(|s| s.expose().to_owned()).collect();
        t.commvault_sessions = config
            .commvault
            .sessions
            .iter()
            .map(|id| (id.clone(), DEMO_COMMVAULT_USER_ID))
            .collect();
        t.oam_admins = config
            .oam
            .admins
            .iter()
            .map(|a| (a.username.clone(), a.password.expose().to_owned()))
            .collect();
        t.oam = config
            .oam
            .sessions
            .iter()
            .zip(1u64..)
            .map(|(s, index)| OamLive {
                session_id: s.session_id.clone(),
                user_id: s.user_id.clone(),
                id_store: s.id_store.clone().unwrap_or_else(|| DEFAULT_ID_STORE.to_owned()),
                index,
            })
            .collect();
        t.jde = config
            .jde
            .tokens
            .iter()
            .map(|t| (t.token.expose().to_owned(), t.device.clone()))
            .collect();
        Self {
            tables: Mutex::new(t),
            next_id: AtomicU64::new(1),
        }
    }

    /// The table, locked. A panic while holding the lock cannot leave it
    /// half-updated (every update is one removal), so a poisoned lock is
    /// taken over.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Tables> {
        self.tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A fresh request id, unique within this emulator.
    pub(crate) fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        format!("EMU{n:013X}")
    }

    pub(crate) fn stats(&self) -> Stats {
        let t = self.lock();
        Stats {
            live: Counts {
                oci: t.oci.len() as u64,
                veridata: t.veridata.len() as u64,
                commvault: t.commvault_sessions.len() as u64,
                oam: t.oam.len() as u64,
                jde: t.jde.len() as u64,
            },
            ended: t.ended,
        }
    }

    pub(crate) fn push_fault(&self, vendor: Vendor, status: u16) {
        self.lock().faults.entry(vendor).or_default().push_back(status);
    }

    pub(crate) fn take_fault(&self, vendor: Vendor) -> Option<u16> {
        self.lock().faults.get_mut(&vendor).and_then(VecDeque::pop_front)
    }
}
