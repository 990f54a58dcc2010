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
use crate::fault::Fault;

/// A live OAM session.
#[derive(Debug, Clone)]
pub(crate) struct OamLive {
    pub(crate) session_id: String,
    pub(crate) user_id: String,
    pub(crate) id_store: String,
    pub(crate) index: u64,
}

/// A Commvault session: its user, and when it was ended (0 while live;
/// the session details list an ended session with its logout time).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommvaultSession {
    pub(crate) user_id: u64,
    pub(crate) login_time: u64,
    pub(crate) logout_time: u64,
}

impl CommvaultSession {
    pub(crate) fn is_live(&self) -> bool {
        self.logout_time == 0
    }
}

/// A user a login accepts.
#[derive(Debug, Clone)]
pub(crate) struct Credentials {
    pub(crate) username: String,
    pub(crate) password: String,
}

impl Credentials {
    fn of(user: &crate::config::User) -> Self {
        Self {
            username: user.username.clone(),
            password: user.password.expose().to_owned(),
        }
    }

    pub(crate) fn accepts(&self, username: &str, password: &str) -> bool {
        self.username == username && self.password == password
    }
}

/// The position of the user these credentials name (from 0), if any.
pub(crate) fn find_user(users: &[Credentials], username: &str, password: &str) -> Option<usize> {
    users.iter().position(|u| u.accepts(username, password))
}

/// The login time the configured Commvault sessions report (Unix seconds).
pub(crate) const COMMVAULT_LOGIN_TIME: u64 = 1_700_000_000;

/// Everything behind the lock.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub(crate) oci: HashMap<String, PublicKey>,
    pub(crate) veridata: HashSet<String>,
    /// Commvault tokens, with the session a login opened for each (the
    /// configured tokens have none).
    pub(crate) commvault_tokens: HashMap<String, Option<String>>,
    /// Commvault sessions, live and ended, by id.
    pub(crate) commvault_sessions: HashMap<String, CommvaultSession>,
    /// Commvault users: a user's id is its position, from 1.
    pub(crate) commvault_users: Vec<Credentials>,
    pub(crate) veridata_users: Vec<Credentials>,
    pub(crate) jde_users: Vec<Credentials>,
    pub(crate) oam_admins: Vec<Credentials>,
    pub(crate) oam: Vec<OamLive>,
    pub(crate) jde: HashMap<String, Option<String>>,
    pub(crate) ended: Counts,
    pub(crate) faults: HashMap<Vendor, VecDeque<Fault>>,
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
        t.commvault_tokens = config
            .commvault
            .tokens
            .iter()
            .map(|s| (s.expose().to_owned(), None))
            .collect();
        let owned = config
            .commvault
            .users
            .iter()
            .zip(1u64..)
            .flat_map(|(u, id)| u.sessions.iter().map(move |s| (s, id)));
        t.commvault_sessions = config
            .commvault
            .sessions
            .iter()
            .map(|s| (s, 1))
            .chain(owned)
            .map(|(s, user_id)| {
                let session = CommvaultSession {
                    user_id,
                    login_time: COMMVAULT_LOGIN_TIME,
                    logout_time: 0,
                };
                (s.clone(), session)
            })
            .collect();
        t.commvault_users = config
            .commvault
            .users
            .iter()
            .map(|u| Credentials {
                username: u.username.clone(),
                password: u.password.expose().to_owned(),
            })
            .collect();
        t.veridata_users = config.veridata.users.iter().map(Credentials::of).collect();
        t.jde_users = config.jde.users.iter().map(Credentials::of).collect();
        t.oam_admins = config.oam.admins.iter().map(Credentials::of).collect();
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
                commvault: t.commvault_sessions.values().filter(|s| s.is_live()).count() as u64,
                oam: t.oam.len() as u64,
                jde: t.jde.len() as u64,
            },
            ended: t.ended,
        }
    }

    /// Queues `fault` for the next `count` requests to `vendor`.
    pub(crate) fn push_fault(&self, vendor: Vendor, fault: Fault, count: u32) {
        let mut t = self.lock();
        let queue = t.faults.entry(vendor).or_default();
        for _ in 0..count {
            queue.push_back(fault);
        }
    }

    /// The next fault for `vendor`, when it is an answer (a status).
    pub(crate) fn take_answer_fault(&self, vendor: Vendor) -> Option<Fault> {
        let mut t = self.lock();
        let queue = t.faults.get_mut(&vendor)?;
        if queue.front().is_some_and(|f| !f.is_connection_fault()) {
            queue.pop_front()
        } else {
            None
        }
    }

    /// The next fault for `vendor`, when it happens at the connection.
    pub(crate) fn take_connection_fault(&self, vendor: Vendor) -> Option<Fault> {
        let mut t = self.lock();
        let queue = t.faults.get_mut(&vendor)?;
        if queue.front().is_some_and(|f| f.is_connection_fault()) {
            queue.pop_front()
        } else {
            None
        }
    }
}
