//! One step of a plan, run: its calls with retries, then the check that
//! the session is gone.

use std::hash::{BuildHasher as _, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value, json};
use signoff::core::{Liveness, Sweep};
use signoff::{Codec, DecodeOptions, Outcome};

use super::journal::Journal;
use crate::send::{Executed, execute};
use crate::transport::Transport;

/// The answers that say the session is already dead: after a lost answer,
/// the earlier attempt ended it.
const DEAD_SESSION_STATUSES: &[u16] = &[401, 404, 444];

/// The first backoff, doubled on each retry.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// What a step does.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// One call.
    Call { call: String },
    /// Every session of one user, as the vendor's sweep says.
    User { user: String, sweep: Sweep },
}

/// A step, resolved and checked.
pub(crate) struct Step {
    pub(crate) index: usize,
    pub(crate) name: String,
    pub(crate) codec: &'static dyn Codec,
    pub(crate) kind: Kind,
    pub(crate) params: Map<String, Value>,
    /// What the check needs that the call does not carry (a user id).
    pub(crate) verify_params: Map<String, Value>,
    pub(crate) verify: bool,
    pub(crate) retries: u32,
    /// An earlier run began this step and did not finish it: its request
    /// may have ended the session before that run was killed.
    pub(crate) begun_before: bool,
}

impl Step {
    /// The call the table names: the call, or the sweep's ending call.
    pub(crate) fn call_name(&self) -> &str {
        match &self.kind {
            Kind::Call { call } => call,
            Kind::User { sweep, .. } => match sweep {
                Sweep::Repeat { call, .. } => call,
                Sweep::ListThenEnd { end, .. } => end,
                _ => "logout",
            },
        }
    }
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StepResult {
    /// The vendor said the session ended.
    Ended,
    /// An attempt's answer was lost and the retry was told the session is
    /// dead: it ended, confirmed only by that dead-session answer.
    EndedConfirmedByDeadSessionAnswer,
    /// The user had no session to end.
    NothingToEnd,
    /// It did not end (an error, an unexpected answer, no answer).
    Failed,
    /// A journal of an earlier run records it done.
    Skipped,
}

impl StepResult {
    fn ended(self) -> bool {
        matches!(
            self,
            Self::Ended | Self::EndedConfirmedByDeadSessionAnswer | Self::NothingToEnd
        )
    }
}

/// A step's report.
#[derive(Debug)]
pub(crate) struct Done {
    pub(crate) result: StepResult,
    /// The check's answer, when one ran (`None`: verification off, or the
    /// step did not end anything).
    pub(crate) verified: Option<Liveness>,
    /// Why the check could not tell, when that is known.
    pub(crate) verify_note: Option<String>,
    /// Sessions the step ended, when counted (a sweep).
    pub(crate) ended: Option<usize>,
    /// Every request sent, in order, with its report.
    pub(crate) attempts: Vec<Attempt>,
    pub(crate) elapsed: Duration,
}

impl Done {
    fn empty(result: StepResult) -> Self {
        Self {
            result,
            verified: None,
            verify_note: None,
            ended: None,
            attempts: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }

    /// A step an earlier run finished.
    pub(crate) fn skipped() -> Self {
        Self::empty(StepResult::Skipped)
    }

    /// A step the pool never reached (a worker thread died).
    pub(crate) fn not_run() -> Self {
        let mut d = Self::empty(StepResult::Failed);
        d.verify_note = Some("the step was not run".to_owned());
        d
    }

    /// Ended, and no check says the session lives.
    pub(crate) fn succeeded(&self) -> bool {
        (self.result.ended() || self.result == StepResult::Skipped) && self.verified != Some(Liveness::Alive)
    }

    /// The last answer to the ending call (for the table).
    pub(crate) fn last(&self) -> Option<&Attempt> {
        self.attempts.iter().rev().find(|a| !a.check)
    }
}

/// One request sent.
#[derive(Debug)]
pub(crate) struct Attempt {
    pub(crate) call: String,
    pub(crate) attempt: u32,
    /// Sent to check the result, not to end anything.
    pub(crate) check: bool,
    pub(crate) executed: Executed,
    /// How long the step waited before sending it.
    pub(crate) waited: Duration,
}

impl Attempt {
    pub(crate) fn to_value(&self) -> Value {
        let e = &self.executed;
        let report = e.result.as_ref().ok();
        json!({
            "call": self.call,
            "attempt": self.attempt,
            "check": self.check,
            "outcome": e.outcome_name(),
            "status": report.map(|r| r.status),
            "request_id": report.and_then(|r| r.request_id.clone()),
            "retry_after": report.and_then(|r| r.retry_after),
            "waited_ms": u64::try_from(self.waited.as_millis()).unwrap_or(u64::MAX),
            "elapsed_ms": u64::try_from(e.elapsed.as_millis()).unwrap_or(u64::MAX),
            "report": e.to_value(),
        })
    }
}

/// What runs steps: the transport, the bounds, the journal.
pub(crate) struct Runner<'a> {
    pub(crate) transport: &'a Transport,
    pub(crate) body_limit: usize,
    /// The longest wait before a retry (a `Retry-After` beyond it is cut
    /// to it).
    pub(crate) max_wait: Duration,
    pub(crate) journal: Option<&'a Journal>,
    pub(crate) jitter: Jitter,
}

/// The jitter of backoffs: the CLI's randomness (the codecs have none),
/// from the process's random hasher keys.
#[derive(Debug, Default)]
pub(crate) struct Jitter {
    state: RandomState,
    counter: AtomicU64,
}

impl Jitter {
    /// A fraction in [0.5, 1.0].
    fn fraction(&self) -> f64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let r = self.state.hash_one(n);
        0.5 + (r % 1_000_000) as f64 / 2_000_000.0
    }
}

/// Why a step's call could not run at all.
type Refused = String;

impl Runner<'_> {
    /// Runs one step to its end.
    pub(crate) fn run(&self, step: &Step) -> Done {
        let started = Instant::now();
        let mut done = Done::empty(StepResult::Failed);
        if let Some(journal) = self.journal {
            let mut fields = Map::new();
            fields.insert("step".into(), json!(step.index));
            fields.insert("name".into(), json!(step.name));
            journal.write("begin", fields);
        }
        let outcome = match &step.kind {
            Kind::Call { call } => self.call_step(step, call, &mut done),
            Kind::User { user, sweep } => self.user_step(step, user, sweep, &mut done),
        };
        if let Err(refused) = outcome {
            done.result = StepResult::Failed;
            done.verify_note = Some(refused);
        }
        done.elapsed = started.elapsed();
        self.journal_step(step, &done);
        done
    }

    fn call_step(&self, step: &Step, call: &str, done: &mut Done) -> Result<(), Refused> {
        let (result, _) = self.with_retries(step, call, &step.params, step.retries, false, done)?;
        done.result = result;
        // Without a check the answer is "cannot tell", said even when
        // verification was not asked for: never a silent "gone".
        if result.ended() && (step.verify || step.codec.probe(call).is_none()) {
            let check = step.codec.probe(call).map(|p| {
                let mut params = p
                    .params_from(&Value::Object(step.params.clone()))
                    .unwrap_or(Value::Null);
                for need in p.needs {
                    match step.verify_params.get(*need) {
                        Some(v) => params[*need] = v.clone(),
                        None => {
                            return Err(format!("the check {} needs {need} (give it in verify_params)", p.call));
                        }
                    }
                }
                Ok((p.call, params))
            });
            self.check(step, check, &Value::Object(step.params.clone()), done);
        }
        Ok(())
    }

    fn user_step(&self, step: &Step, user: &str, sweep: &Sweep, done: &mut Done) -> Result<(), Refused> {
        match *sweep {
            Sweep::Repeat {
                call,
                user_param,
                more,
                none_statuses,
                max_rounds,
                verify,
            } => {
                let mut params = step.params.clone();
                params.insert(user_param.to_owned(), Value::String(user.to_owned()));
                let mut ended = 0;
                done.result = StepResult::Failed;
                for round in 0..max_rounds.max(1) {
                    let (result, success) = self.with_retries(step, call, &params, step.retries, false, done)?;
                    let last = done.last().and_then(|a| a.executed.result.as_ref().ok());
                    let none_matched =
                        last.is_some_and(|r| r.outcome == Outcome::ApiError && none_statuses.contains(&r.status));
                    if none_matched {
                        done.result = if round == 0 {
                            StepResult::NothingToEnd
                        } else {
                            StepResult::Ended
                        };
                        break;
                    }
                    let Some(success) = success else {
                        done.result = result;
                        break;
                    };
                    ended += success.get("sessions").and_then(Value::as_array).map_or(0, Vec::len);
                    done.result = StepResult::Ended;
                    if success.get(more).and_then(Value::as_bool) != Some(true) {
                        break;
                    }
                }
                done.ended = Some(ended);
                if done.result.ended() && (step.verify || verify.is_none()) {
                    let check = verify.map(|v| {
                        let carried = step.codec.probe(call).map_or(&[][..], |p| p.params);
                        let mut p: Map<String, Value> = step
                            .params
                            .iter()
                            .filter(|(k, _)| carried.contains(&k.as_str()))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        p.insert(user_param.to_owned(), Value::String(user.to_owned()));
                        Ok((v, Value::Object(p)))
                    });
                    self.check(step, check, &Value::Object(params), done);
                }
            }
            Sweep::ListThenEnd {
                list,
                user_param,
                live_ids,
                end,
                ids_param,
            } => {
                let mut list_params = step.params.clone();
                list_params.insert(user_param.to_owned(), Value::String(user.to_owned()));
                let (result, success) = self.with_retries(step, list, &list_params, step.retries, false, done)?;
                let Some(success) = success else {
                    done.result = result;
                    return Ok(());
                };
                let ids = live_ids(&success);
                if ids.is_empty() {
                    done.result = StepResult::NothingToEnd;
                    done.ended = Some(0);
                    return Ok(());
                }
                let mut end_params = step.params.clone();
                end_params.insert(ids_param.to_owned(), json!(ids));
                let (result, _) = self.with_retries(step, end, &end_params, step.retries, false, done)?;
                done.result = result;
                done.ended = result.ended().then_some(ids.len());
                if result.ended() && (step.verify || step.codec.probe(end).is_none()) {
                    let check = step.codec.probe(end).map(|p| {
                        let mut params = p.params_from(&Value::Object(end_params.clone())).unwrap_or(Value::Null);
                        params[user_param] = Value::String(user.to_owned());
                        Ok((p.call, params))
                    });
                    self.check(step, check, &Value::Object(end_params), done);
                }
            }
            _ => return Err("this vendor's way of ending a user's sessions is not known to this tool".to_owned()),
        }
        Ok(())
    }

    /// Runs the check `check` (the probe call and its parameters, or why
    /// it cannot be built) and records what it says of the session `ended`
    /// ended.
    fn check(&self, step: &Step, check: Option<Result<(&'static str, Value), String>>, ended: &Value, done: &mut Done) {
        let (call, params) = match check {
            None => {
                done.verified = Some(Liveness::CannotTell);
                done.verify_note = Some(format!("{} documents no check for this call", step.codec.vendor()));
                return;
            }
            Some(Err(why)) => {
                done.verified = Some(Liveness::CannotTell);
                done.verify_note = Some(why);
                return;
            }
            Some(Ok(c)) => c,
        };
        let Value::Object(params) = params else {
            done.verified = Some(Liveness::CannotTell);
            return;
        };
        match self.with_retries(step, call, &params, step.retries, true, done) {
            Err(refused) => {
                done.verified = Some(Liveness::CannotTell);
                done.verify_note = Some(refused);
            }
            Ok(_) => {
                let options = DecodeOptions::with_body_limit(self.body_limit);
                let liveness = done
                    .attempts
                    .last()
                    .and_then(|a| a.executed.response.as_ref())
                    .and_then(|r| step.codec.liveness(call, r, &options, ended).ok())
                    .unwrap_or(Liveness::CannotTell);
                done.verified = Some(liveness);
            }
        }
    }

    /// Sends `call` until an answer that is final, at most `1 + retries`
    /// times: a retryable answer (429, the 5xx the codec calls retryable)
    /// or a failure with no answer (refused, timed out, reset) is sent
    /// again after a backoff with jitter, or after the `Retry-After` the
    /// server asked for (at most `max_wait`). Gives the result and, on
    /// success, the success value of the report.
    fn with_retries(
        &self,
        step: &Step,
        call: &str,
        params: &Map<String, Value>,
        retries: u32,
        check: bool,
        done: &mut Done,
    ) -> Result<(StepResult, Option<Value>), Refused> {
        // A step an earlier, killed run began may have ended its session:
        // as after a lost answer, a dead-session answer confirms that.
        let mut lost = step.begun_before && !check;
        let mut waited = Duration::ZERO;
        for attempt in 1..=retries.saturating_add(1) {
            let executed = execute(step.codec, call, params, self.transport, self.body_limit, false, false)
                .map_err(|e| format!("the request was refused: {e}"))?;
            let retry = attempt <= retries;
            let decision = match &executed.result {
                Ok(r) if r.outcome == Outcome::Success => Decision::Final(StepResult::Ended),
                Ok(r) if r.outcome == Outcome::ApiError && lost && DEAD_SESSION_STATUSES.contains(&r.status) => {
                    Decision::Final(StepResult::EndedConfirmedByDeadSessionAnswer)
                }
                Ok(r) if r.error.as_ref().is_some_and(|e| e.retryable) && retry => {
                    Decision::Retry(r.retry_after.map(Duration::from_secs))
                }
                Ok(_) => Decision::Final(StepResult::Failed),
                Err(t) if t.retryable() && retry => {
                    lost |= t.may_have_arrived();
                    Decision::Retry(None)
                }
                Err(_) => Decision::Final(StepResult::Failed),
            };
            let success = executed.result.as_ref().ok().and_then(|r| r.success.clone());
            let a = Attempt {
                call: call.to_owned(),
                attempt,
                check,
                executed,
                waited,
            };
            self.journal_attempt(step, &a);
            done.attempts.push(a);
            match decision {
                Decision::Final(result) => return Ok((result, success)),
                Decision::Retry(asked) => {
                    let backoff = FIRST_BACKOFF.saturating_mul(1 << (attempt - 1).min(16));
                    let wait = match asked {
                        Some(asked) => asked,
                        None => backoff.mul_f64(self.jitter.fraction()),
                    }
                    .min(self.max_wait);
                    std::thread::sleep(wait);
                    waited = wait;
                }
            }
        }
        Ok((StepResult::Failed, None))
    }

    fn journal_attempt(&self, step: &Step, a: &Attempt) {
        let Some(journal) = self.journal else {
            return;
        };
        let report = a.executed.result.as_ref().ok();
        let mut fields = Map::new();
        fields.insert("step".into(), json!(step.index));
        fields.insert("name".into(), json!(step.name));
        fields.insert("vendor".into(), json!(step.codec.vendor()));
        fields.insert("call".into(), json!(a.call));
        fields.insert("attempt".into(), json!(a.attempt));
        fields.insert("check".into(), json!(a.check));
        fields.insert("status".into(), json!(report.map(|r| r.status)));
        fields.insert("request_id".into(), json!(report.and_then(|r| r.request_id.clone())));
        fields.insert("outcome".into(), json!(a.executed.outcome_name()));
        fields.insert("retry_after".into(), json!(report.and_then(|r| r.retry_after)));
        if let Err(t) = &a.executed.result {
            fields.insert("transport".into(), json!(t.kind.name()));
        }
        journal.write("attempt", fields);
    }

    fn journal_step(&self, step: &Step, done: &Done) {
        let Some(journal) = self.journal else {
            return;
        };
        let mut fields = Map::new();
        fields.insert("step".into(), json!(step.index));
        fields.insert("name".into(), json!(step.name));
        fields.insert("vendor".into(), json!(step.codec.vendor()));
        fields.insert("call".into(), json!(step.call_name()));
        if let Kind::User { user, .. } = &step.kind {
            fields.insert("user".into(), json!(user));
        }
        fields.insert("result".into(), json!(done.result));
        fields.insert("done".into(), json!(done.succeeded()));
        fields.insert("verified".into(), json!(done.verified.map(Liveness::name)));
        fields.insert("ended".into(), json!(done.ended));
        journal.write("step", fields);
    }
}

enum Decision {
    Final(StepResult),
    Retry(Option<Duration>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_its_band_and_varies() {
        let j = Jitter::default();
        let draws: Vec<f64> = (0..100).map(|_| j.fraction()).collect();
        assert!(draws.iter().all(|f| (0.5..=1.0).contains(f)));
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }
}
