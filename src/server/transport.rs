//! The stdio transport: LSP's base protocol (`Content-Length` headers, then a JSON body), read
//! without trusting the client.
//!
//! lsp-server's own stdio reader stops the server at the first malformed message. This one
//! answers it instead, as JSON-RPC says, and reads on: a body that is not JSON gets a parse error
//! (-32700), JSON that is not a message an invalid-request error (-32600), both with the id when
//! one can be read and `null` otherwise; a header block without a usable `Content-Length` gets a
//! parse error too. A header line is read up to [`MAX_HEADER_LINE`] bytes and a body up to
//! [`MAX_MESSAGE`] bytes; a longer body is skipped unread (answered with an error), so no message
//! costs more memory than that.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{json, Value};

/// The largest message body read: 64 MiB (a document of many megabytes, JSON-escaped).
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// The longest header line read: 8 KiB.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// The transport's threads: the writer is joined at the end so that every answer is written; the
/// reader may be blocked on standard input and is left to end with the process.
pub struct IoThreads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_writer, from_server) = bounded::<Message>(16);
    let (to_server, from_reader) = bounded::<Message>(16);
    let writer = thread::spawn(move || {
        for message in from_server {
            message.write(&mut io::stdout().lock())?;
        }
        Ok(())
    });
    // The reader never fails: at the end of its input it drops its sender, which the server sees
    // as the client going away.
    thread::spawn(move || {
        let stdin = io::stdin();
        read_messages(&mut stdin.lock(), &to_server, &mut |frame| {
            // A whole frame at once under the lock, so it never interleaves with the writer's.
            let mut out = io::stdout().lock();
            out.write_all(frame)?;
            out.flush()
        });
    });
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    (connection, IoThreads { writer })
}

/// Reads messages from `input` and sends them to `to_server` until the input ends, the server
/// goes away or an `exit` notification has been passed on; answers malformed ones through
/// `answer`, which takes a whole frame.
pub fn read_messages(
    input: &mut dyn BufRead,
    to_server: &Sender<Message>,
    answer: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) {
    loop {
        let body = match read_frame(input) {
            Ok(Frame::Body(body)) => body,
            Ok(Frame::End) | Err(_) => return,
            Ok(Frame::Bad(why)) => {
                if answer(&error_frame(Value::Null, ErrorCode::ParseError, &why)).is_err() {
                    return;
                }
                continue;
            }
        };
        match parse(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Err((id, code, why)) => {
                if answer(&error_frame(id, code, &why)).is_err() {
                    return;
                }
            }
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    /// A header block that does not say how long its body is, or a body over the cap (skipped).
    Bad(String),
    End,
}

fn read_frame(input: &mut dyn BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        let n = input
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(if seen_header {
                Frame::Bad("the input ended inside a header".to_owned())
            } else {
                Frame::End
            });
        }
        if !line.ends_with(b"\n") {
            // Over-long line: skip the rest of it.
            skip_line(input)?;
            length = Some(Err("a header line is over 8 KiB".to_owned()));
            seen_header = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_header {
                // Blank lines between messages: tolerated.
                continue;
            }
            break;
        }
        seen_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length `{}`", short(value.trim()))),
                );
            }
        }
    }
    let length = match length {
        None => {
            return Ok(Frame::Bad(
                "a header block without Content-Length".to_owned(),
            ))
        }
        Some(Err(why)) => return Ok(Frame::Bad(why)),
        Some(Ok(length)) => length,
    };
    if length > MAX_MESSAGE {
        let skipped = io::copy(&mut input.take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(Frame::End);
        }
        return Ok(Frame::Bad(format!(
            "a message of {length} bytes is over the limit of {MAX_MESSAGE}"
        )));
    }
    let mut body = Vec::new();
    let got = input.take(length as u64).read_to_end(&mut body)?;
    if got < length {
        return Ok(Frame::End);
    }
    Ok(Frame::Body(body))
}

fn skip_line(input: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let (done, used) = {
            let buf = input.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', buf) {
                Some(i) => (true, i + 1),
                None => (false, buf.len()),
            }
        };
        input.consume(used);
        if done {
            return Ok(());
        }
    }
}

/// A body as a message, or the id (when one can be read), code and reason of the error answer.
fn parse(body: &[u8]) -> Result<Message, (Value, ErrorCode, String)> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| (Value::Null, ErrorCode::ParseError, format!("not JSON: {e}")))?;
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    if !value.is_object() {
        return Err((
            id,
            ErrorCode::InvalidRequest,
            "a message must be a JSON object (batches are not part of LSP)".to_owned(),
        ));
    }
    // lsp-server reads messages untagged: an object with an id and a bad `method` would pass
    // as a response. A request or notification has a string `method`; a response has no
    // `method`, an id, and a `result` or an `error`.
    let shape_ok = match value.get("method") {
        Some(method) => method.is_string(),
        None => {
            value.get("id").is_some()
                && (value.get("result").is_some() != value.get("error").is_some())
        }
    };
    if !shape_ok {
        return Err((
            id,
            ErrorCode::InvalidRequest,
            "neither a request, a notification nor a response".to_owned(),
        ));
    }
    serde_json::from_value::<Message>(value).map_err(|e| {
        (
            id,
            ErrorCode::InvalidRequest,
            format!("not an LSP message: {e}"),
        )
    })
}

/// A whole error response frame.
pub fn error_frame(id: Value, code: ErrorCode, message: &str) -> Vec<u8> {
    let body = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
    .to_string();
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body.as_bytes());
    frame
}

/// At most 40 characters of a header value, for an error message.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_messages_are_answered_and_reading_goes_on() {
        let ok = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":3,"method":5}"#),
            frame("[1,2]"),
            "Content-Length: x\r\n\r\n".to_owned(),
            "X-Other: 1\r\n\r\n".to_owned(),
            format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE + 1),
        ]
        .concat();
        let mut input = input.into_bytes();
        input.extend(std::iter::repeat_n(b' ', MAX_MESSAGE + 1));
        input.extend_from_slice(frame(ok).as_bytes());
        input.extend_from_slice(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#).as_bytes());
        input.extend_from_slice(frame(ok).as_bytes());
        let (to, from) = bounded(64);
        let mut answers = Vec::new();
        read_messages(&mut &input[..], &to, &mut |f| {
            answers.push(String::from_utf8_lossy(f).into_owned());
            Ok(())
        });
        let codes: Vec<String> = answers
            .iter()
            .map(|a| {
                let body = a.split("\r\n\r\n").nth(1).unwrap();
                let v: Value = serde_json::from_str(body).unwrap();
                format!("{} {}", v["id"], v["error"]["code"])
            })
            .collect();
        assert_eq!(
            codes,
            [
                "null -32700",
                "3 -32600",
                "null -32600",
                "null -32700",
                "null -32700",
                "null -32700"
            ]
        );
        // The good request, then exit; nothing after exit is read.
        let got: Vec<Message> = from.try_iter().collect();
        assert_eq!(got.len(), 2, "{got:?}");
    }
}
