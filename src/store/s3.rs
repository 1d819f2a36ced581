//! [`S3Store`]: an S3-compatible bucket (AWS, MinIO, Ceph, moto, ...) as a
//! [`Store`], through object_store's S3 client.
//!
//! * Blocking facade: the store owns a small multi-thread tokio runtime and
//!   `block_on`s each call; `get` returns a reader that pulls the response
//!   body chunk by chunk.
//! * Uploads stream: an object smaller than one part is a single PutObject;
//!   anything larger is a multipart upload whose parts are read from the
//!   caller's reader one at a time, with at most `max_concurrency` parts in
//!   flight, so memory is about `(max_concurrency + 1) * part_size` whatever
//!   the object's size. A failed upload is aborted, so nothing is ever
//!   visible under the key until CompleteMultipartUpload; after it, a HEAD
//!   confirms the stored size.
//! * Retries: object_store retries each request (connection errors, 5xx,
//!   429) with exponential backoff and jitter, as [`RetrySettings`] says;
//!   what still fails is [`Error::Remote`] with `transient` set.
//! * Credentials the standard AWS way, never from coffer.toml: the
//!   environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!   `AWS_SESSION_TOKEN`, web identity, container and instance metadata, as
//!   object_store reads them), else the profile `AWS_PROFILE` (or
//!   [`S3Config::profile`], or `default`) of the shared credentials file
//!   (`AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/credentials`) or of the config
//!   file (`AWS_CONFIG_FILE`, `~/.aws/config`), which object_store does not
//!   read itself. Profiles without static keys (SSO, assume-role,
//!   credential_process) are not supported.
//! * Object lock: [`Store::put_with_retention`] sends
//!   `x-amz-object-lock-mode` and `x-amz-object-lock-retain-until-date` on
//!   the PutObject or CreateMultipartUpload request (object_store has no
//!   option for them, so they go in as signed default headers of a
//!   per-upload client), and reads the date back with HEAD; [`Store::head`]
//!   reports it and [`Store::delete`] refuses a locked object.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::io::{self, Read};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use jiff::Timestamp;
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey, Checksum};
use object_store::client::{
    HttpClient, HttpConnector, HttpError, HttpRequest, HttpResponse, HttpService, ReqwestConnector,
};
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path;
use object_store::{
    BackoffConfig, ClientOptions, GetOptions, HeaderMap, HeaderValue, ObjectStore, ObjectStoreExt,
    PutPayload, RetryConfig,
};
use tokio::runtime::Runtime;

use super::{Error, ObjectMeta, PutInfo, Result, Store, validate_key, validate_prefix};
use crate::digest::Hasher;

/// S3's smallest part (all parts but the last); moto enforces it too.
pub const MIN_PART_SIZE: usize = 5 * 1024 * 1024;
/// S3's largest part and largest part count.
const MAX_PART_SIZE: usize = 5 * 1024 * 1024 * 1024;
const MAX_PARTS: usize = 10_000;

/// Object-lock retention mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LockMode {
    /// Users with `s3:BypassGovernanceRetention` can still delete early.
    #[default]
    Governance,
    /// Nobody, root included, can delete before the date.
    Compliance,
}

impl LockMode {
    fn header(self) -> &'static str {
        match self {
            LockMode::Governance => "GOVERNANCE",
            LockMode::Compliance => "COMPLIANCE",
        }
    }
}

/// Request retries with exponential backoff (object_store's RetryConfig).
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySettings {
    /// Retries of one request; 0 disables retrying.
    pub max_retries: usize,
    /// No retry starts later than this after the first attempt.
    pub retry_timeout: Duration,
    /// First backoff; doubles up to `max_backoff` (with jitter).
    pub init_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            max_retries: 10,
            retry_timeout: Duration::from_secs(180),
            init_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(15),
        }
    }
}

/// Static keys given in code (tests, or a caller with its own secret
/// source). Never read from coffer.toml.
#[derive(Clone)]
pub struct StaticCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticCredentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// Where and how to reach a bucket. Build with [`S3Config::new`] and set
/// the fields that differ.
#[derive(Debug, Clone)]
pub struct S3Config {
    pub bucket: String,
    /// Key prefix inside the bucket ("" or `a/b`; slashes at either end are
    /// ignored).
    pub prefix: String,
    /// Region; else `AWS_REGION`/`AWS_DEFAULT_REGION`, else the profile's
    /// `region`, else `us-east-1`.
    pub region: Option<String>,
    /// A custom endpoint such as `https://minio.example:9000`; `None` for AWS.
    pub endpoint: Option<String>,
    /// Allow `http://` endpoints other than loopback ones (loopback is
    /// always allowed).
    pub allow_http: bool,
    /// Virtual-hosted-style addressing (`bucket.host`); path-style when off.
    pub virtual_hosted: bool,
    /// The shared-credentials profile; else `AWS_PROFILE`, else `default`.
    pub profile: Option<String>,
    /// Keys given in code; take precedence over everything else.
    pub static_credentials: Option<StaticCredentials>,
    /// Size of a multipart part (at least 5 MiB); grows for very large
    /// objects so that 10,000 parts always suffice.
    pub part_size: usize,
    /// Parts uploading at once (memory: about `(this + 1) * part_size`).
    pub max_concurrency: usize,
    pub retry: RetrySettings,
    /// Whole-request timeout (a part upload or a GET body).
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Mode for [`Store::put_with_retention`].
    pub lock_mode: LockMode,
}

impl S3Config {
    pub fn new(bucket: impl Into<String>) -> S3Config {
        S3Config {
            bucket: bucket.into(),
            prefix: String::new(),
            region: None,
            endpoint: None,
            allow_http: false,
            virtual_hosted: false,
            profile: None,
            static_credentials: None,
            part_size: 8 * 1024 * 1024,
            max_concurrency: 2,
            retry: RetrySettings::default(),
            request_timeout: Duration::from_secs(30 * 60),
            connect_timeout: Duration::from_secs(10),
            lock_mode: LockMode::default(),
        }
    }
}

/// An S3 bucket (under a prefix) as a blocking blob store.
pub struct S3Store {
    config: S3Config,
    /// `config.prefix` without slashes at the ends.
    prefix: String,
    /// The builder every client starts from (credentials and options
    /// resolved once).
    builder: AmazonS3Builder,
    client_options: ClientOptions,
    s3: Arc<AmazonS3>,
    rt: Arc<Runtime>,
    /// For requests object_store cannot make (PutObjectRetention): the
    /// signing region and the bucket's URL, as object_store builds them.
    region: String,
    bucket_url: String,
}

impl fmt::Debug for S3Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Store")
            .field("name", &self.name())
            .finish_non_exhaustive()
    }
}

impl S3Store {
    /// Resolves credentials and builds the client; makes no request.
    pub fn new(config: S3Config) -> Result<S3Store> {
        if config.bucket.is_empty() {
            return Err(Error::Config("the bucket name is empty".into()));
        }
        if config.part_size < MIN_PART_SIZE || config.part_size > MAX_PART_SIZE {
            return Err(Error::Config(format!(
                "part_size must be between 5 MiB and 5 GiB, not {}",
                config.part_size
            )));
        }
        if config.max_concurrency == 0 {
            return Err(Error::Config("max_concurrency must be at least 1".into()));
        }
        let prefix = config.prefix.trim_matches('/').to_owned();
        if !prefix.is_empty() {
            validate_key(&prefix).map_err(|e| Error::Config(format!("prefix: {e}")))?;
        }

        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&config.bucket)
            .with_virtual_hosted_style_request(config.virtual_hosted)
            // A SHA-256 per request body: S3 checks each part in transit,
            // and object-lock uploads require a checksum header.
            .with_checksum_algorithm(Checksum::SHA256)
            .with_retry(RetryConfig {
                backoff: BackoffConfig {
                    init_backoff: config.retry.init_backoff,
                    max_backoff: config.retry.max_backoff,
                    base: 2.0,
                },
                max_retries: config.retry.max_retries,
                retry_timeout: config.retry.retry_timeout,
            })
            .with_http_connector(LockHeaderConnector);
        // Client options are set below as a whole, replacing the ones
        // from_env read; AWS_ALLOW_HTTP is the one kept.
        let env = |v: &str| std::env::var(v).ok().filter(|s| !s.is_empty());
        let mut allow_http = config.allow_http
            || env("AWS_ALLOW_HTTP").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if let Some(endpoint) = &config.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let endpoint = (config.endpoint.clone())
            .or_else(|| env("AWS_ENDPOINT_URL"))
            .or_else(|| env("AWS_ENDPOINT"));
        allow_http |= endpoint.as_deref().is_some_and(is_loopback_http);

        let profile = profile_settings(&config, &|v| std::env::var(v).ok())?;
        match (&config.static_credentials, &profile.keys) {
            (Some(c), _) | (None, Some(c)) => {
                builder = builder
                    .with_access_key_id(&c.access_key_id)
                    .with_secret_access_key(&c.secret_access_key);
                if let Some(token) = &c.session_token {
                    builder = builder.with_token(token);
                }
            }
            (None, None) => {}
        }
        let env_region = env("AWS_REGION").or_else(|| env("AWS_DEFAULT_REGION"));
        let region = config
            .region
            .clone()
            .or(env_region)
            .or(profile.region)
            .unwrap_or_else(|| "us-east-1".to_owned());
        builder = builder.with_region(&region);

        // The bucket's URL as object_store's build() makes it, from the
        // builder's final settings (AWS_ENDPOINT_URL_S3 before the endpoint).
        let value = |key| builder.get_config_value(&key);
        let final_endpoint =
            value(AmazonS3ConfigKey::S3Endpoint).or(value(AmazonS3ConfigKey::Endpoint));
        let virtual_hosted = value(AmazonS3ConfigKey::VirtualHostedStyleRequest)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let bucket_url = match (final_endpoint, virtual_hosted) {
            (Some(e), true) => e.trim_end_matches('/').to_owned(),
            (Some(e), false) => format!("{}/{}", e.trim_end_matches('/'), config.bucket),
            (None, true) => format!("https://{}.s3.{region}.amazonaws.com", config.bucket),
            (None, false) => format!("https://s3.{region}.amazonaws.com/{}", config.bucket),
        };
        let client_options = ClientOptions::new()
            .with_allow_http(allow_http)
            .with_timeout(config.request_timeout)
            .with_connect_timeout(config.connect_timeout);
        let s3 = builder
            .clone()
            .with_client_options(client_options.clone())
            .build()
            .map_err(|e| Error::Config(one_line(&e.to_string())))?;

        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("coffer-s3")
            .enable_all()
            .build()
            .map_err(|e| Error::io("cannot start the S3 client's runtime", e))?;
        Ok(S3Store {
            config,
            prefix,
            builder,
            client_options,
            s3: Arc::new(s3),
            rt: Arc::new(rt),
            region,
            bucket_url,
        })
    }

    pub fn config(&self) -> &S3Config {
        &self.config
    }

    fn path(&self, key: &str) -> Result<Path> {
        validate_key(key)?;
        let full = if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}/{key}", self.prefix)
        };
        Path::parse(&full).map_err(|_| Error::InvalidKey {
            key: key.to_owned(),
            reason: "not a valid object path",
        })
    }

    /// A client whose every request carries the object-lock headers; used
    /// only for the request that creates the object.
    fn lock_client(&self, until: Timestamp) -> Result<AmazonS3> {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-amz-object-lock-mode",
            HeaderValue::from_static(self.config.lock_mode.header()),
        );
        // Whole seconds, rounded up: never shorter than asked.
        let secs = until.as_second() + i64::from(until.subsec_nanosecond() > 0);
        let until = Timestamp::from_second(secs)
            .map_err(|e| Error::Config(format!("retain-until date: {e}")))?;
        let value = until.strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string();
        headers.insert(
            "x-amz-object-lock-retain-until-date",
            HeaderValue::from_str(&value)
                .map_err(|e| Error::Config(format!("retain-until date: {e}")))?,
        );
        // The body's x-amz-checksum-sha256 satisfies S3's rule that a
        // locked upload carries a checksum; moto looks for this header.
        headers.insert(
            "x-amz-sdk-checksum-algorithm",
            HeaderValue::from_static("SHA256"),
        );
        self.builder
            .clone()
            .with_client_options(self.client_options.clone().with_default_headers(headers))
            .build()
            .map_err(|e| Error::Config(one_line(&e.to_string())))
    }

    /// PutObjectRetention: the object's lock, in the store's mode, until
    /// `until` (whole seconds, rounded up). Only ever asked to extend (a
    /// governance lock can be extended without bypass rights; a compliance
    /// lock can only be extended). object_store has no call for it, so the
    /// request is signed here with its SigV4 signer and sent through the
    /// same HTTP client stack.
    fn put_retention(&self, key: &str, until: Timestamp) -> Result<()> {
        use base64::Engine as _;
        use md5::Digest as _;
        let path = self.path(key)?;
        let secs = until.as_second() + i64::from(until.subsec_nanosecond() > 0);
        let until = Timestamp::from_second(secs)
            .map_err(|e| Error::Config(format!("retain-until date: {e}")))?;
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>{}</Mode><RetainUntilDate>{}</RetainUntilDate></Retention>",
            self.config.lock_mode.header(),
            until.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        );
        let md5 =
            base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(body.as_bytes()));
        let url = format!(
            "{}/{}?retention",
            self.bucket_url,
            encode_path(path.as_ref())
        );
        let fail = |message: String| Error::Remote {
            transient: false,
            message: format!("{key}: setting the object lock: {message}"),
        };
        let mut request = http::Request::builder()
            .method("PUT")
            .uri(&url)
            .header("content-md5", md5)
            .header("content-type", "application/xml")
            .body(object_store::client::HttpRequestBody::from(body))
            .map_err(|e| fail(e.to_string()))?;
        let response = self.rt.block_on(async {
            let credential = self
                .s3
                .credentials()
                .get_credential()
                .await
                .map_err(|e| fail(one_line(&e.to_string())))?;
            object_store::aws::AwsAuthorizer::new(&credential, "s3", &self.region)
                .try_authorize(&mut request, None)
                .map_err(|e| fail(one_line(&e.to_string())))?;
            let client = LockHeaderConnector
                .connect(&self.client_options)
                .map_err(|e| fail(one_line(&e.to_string())))?;
            let response = client.execute(request).await.map_err(|e| Error::Remote {
                transient: true,
                message: format!(
                    "{key}: setting the object lock: {}",
                    one_line(&e.to_string())
                ),
            })?;
            let status = response.status();
            let body = response.into_body().bytes().await.unwrap_or_default();
            let text = String::from_utf8_lossy(&body).into_owned();
            Ok::<_, Error>((status, text))
        })?;
        let (status, text) = response;
        if !status.is_success() {
            return Err(Error::Remote {
                transient: status.is_server_error() || status.as_u16() == 429,
                message: format!(
                    "{key}: setting the object lock: HTTP {}: {}",
                    status.as_u16(),
                    one_line(&text)
                ),
            });
        }
        Ok(())
    }

    fn head_path(&self, key: &str, path: &Path) -> Result<Option<ObjectMeta>> {
        let options = GetOptions {
            head: true,
            ..GetOptions::default()
        };
        match self.rt.block_on(self.s3.get_opts(path, options)) {
            Ok(r) => {
                let lock = r.extensions.get::<LockInfo>();
                Ok(Some(ObjectMeta {
                    size: r.meta.size,
                    last_modified: Timestamp::from_millisecond(
                        r.meta.last_modified.timestamp_millis(),
                    )
                    .ok(),
                    etag: r.meta.e_tag,
                    retain_until: lock.and_then(|l| l.retain_until),
                }))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(remote(key, e)),
        }
    }

    fn upload(
        &self,
        key: &str,
        reader: &mut dyn Read,
        size_hint: Option<u64>,
        retain_until: Option<Timestamp>,
    ) -> Result<PutInfo> {
        let path = self.path(key)?;
        let lock_client = retain_until.map(|t| self.lock_client(t)).transpose()?;
        let creator: &AmazonS3 = lock_client.as_ref().unwrap_or(&self.s3);
        let sizes = PartSizes::new(self.config.part_size, size_hint);
        let mut hasher = Hasher::new();

        let first = read_part(reader, sizes.get(0), &mut hasher, key)?;
        if first.len() < sizes.get(0) {
            // The whole object fits in one request: PutObject is atomic.
            self.rt
                .block_on(creator.put(&path, PutPayload::from(first)))
                .map_err(|e| remote(key, e))?;
        } else {
            let id = self
                .rt
                .block_on(creator.create_multipart(&path))
                .map_err(|e| remote(key, e))?;
            let result = self.upload_parts(key, &path, &id, first, reader, &sizes, &mut hasher);
            if let Err(e) = result {
                // Nothing may stay behind: abort, and say so if that fails
                // too (the parts then linger, invisible, until a lifecycle
                // rule or a later abort removes them).
                if let Err(abort) = self.rt.block_on(self.s3.abort_multipart(&path, &id)) {
                    return Err(match e {
                        Error::Remote { transient, message } => Error::Remote {
                            transient,
                            message: format!(
                                "{message}; aborting upload {id} failed too: {}",
                                one_line(&abort.to_string())
                            ),
                        },
                        other => other,
                    });
                }
                return Err(e);
            }
        }

        let (sha256, size) = hasher.finish();
        let meta = self.head_path(key, &path)?.ok_or_else(|| Error::Remote {
            transient: true,
            message: format!("{key} is not visible after its upload completed"),
        })?;
        if meta.size != size {
            return Err(Error::Remote {
                transient: true,
                message: format!(
                    "{key}: the store reports {} bytes after uploading {size}",
                    meta.size
                ),
            });
        }
        Ok(PutInfo {
            size,
            sha256,
            retain_until: meta.retain_until,
        })
    }

    /// Uploads `first` and the rest of `reader` as parts of upload `id`
    /// and completes it. The caller aborts on error.
    #[allow(clippy::too_many_arguments)]
    fn upload_parts(
        &self,
        key: &str,
        path: &Path,
        id: &str,
        first: Vec<u8>,
        reader: &mut dyn Read,
        sizes: &PartSizes,
        hasher: &mut Hasher,
    ) -> Result<()> {
        type Task = tokio::task::JoinHandle<object_store::Result<PartId>>;
        let mut in_flight: VecDeque<Task> = VecDeque::new();
        let mut parts: Vec<PartId> = Vec::new();
        let join = |rt: &Runtime, task: Task| -> Result<PartId> {
            match rt.block_on(task) {
                Ok(r) => r.map_err(|e| remote(key, e)),
                Err(e) => Err(Error::Remote {
                    transient: true,
                    message: format!("uploading a part of {key}: {e}"),
                }),
            }
        };
        let result = (|| {
            let mut chunk = first;
            let mut idx = 0;
            loop {
                // Back-pressure: at most max_concurrency parts in flight
                // while the next one is read.
                while in_flight.len() >= self.config.max_concurrency.max(1) {
                    let Some(task) = in_flight.pop_front() else {
                        break;
                    };
                    parts.push(join(&self.rt, task)?);
                }
                let full = chunk.len() == sizes.get(idx);
                let s3 = Arc::clone(&self.s3);
                let (p, id) = (path.clone(), id.to_owned());
                let payload = PutPayload::from(chunk);
                in_flight.push_back(
                    self.rt
                        .spawn(async move { s3.put_part(&p, &id, idx, payload).await }),
                );
                idx += 1;
                if !full {
                    break;
                }
                chunk = read_part(reader, sizes.get(idx), hasher, key)?;
                if chunk.is_empty() {
                    break;
                }
                if idx >= MAX_PARTS {
                    return Err(Error::Remote {
                        transient: false,
                        message: format!("{key} needs more than {MAX_PARTS} parts"),
                    });
                }
            }
            while let Some(task) = in_flight.pop_front() {
                parts.push(join(&self.rt, task)?);
            }
            Ok(())
        })();
        if let Err(e) = result {
            // Cancel the parts still uploading before the caller aborts:
            // a part that lands after the abort would linger.
            for task in &in_flight {
                task.abort();
            }
            for task in in_flight {
                let _ = self.rt.block_on(task);
            }
            return Err(e);
        }
        self.rt
            .block_on(self.s3.complete_multipart(path, &id.to_owned(), parts))
            .map_err(|e| remote(key, e))?;
        Ok(())
    }
}

impl Store for S3Store {
    fn name(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.config.bucket)
        } else {
            format!("s3://{}/{}", self.config.bucket, self.prefix)
        }
    }

    fn put(&self, key: &str, reader: &mut dyn Read, size_hint: Option<u64>) -> Result<PutInfo> {
        self.upload(key, reader, size_hint, None)
    }

    fn put_with_retention(
        &self,
        key: &str,
        reader: &mut dyn Read,
        size_hint: Option<u64>,
        retain_until: Option<Timestamp>,
    ) -> Result<PutInfo> {
        self.upload(key, reader, size_hint, retain_until)
    }

    fn extend_retention(&self, key: &str, until: Timestamp) -> Result<()> {
        self.put_retention(key, until)
    }

    fn get(&self, key: &str) -> Result<Box<dyn Read + Send>> {
        let path = self.path(key)?;
        match self.rt.block_on(self.s3.get(&path)) {
            Ok(r) => Ok(Box::new(BodyReader {
                rt: Arc::clone(&self.rt),
                stream: r.into_stream(),
                chunk: Bytes::new(),
                key: key.to_owned(),
            })),
            Err(object_store::Error::NotFound { .. }) => Err(Error::NotFound { key: key.into() }),
            Err(e) => Err(remote(key, e)),
        }
    }

    fn head(&self, key: &str) -> Result<Option<ObjectMeta>> {
        let path = self.path(key)?;
        self.head_path(key, &path)
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        validate_prefix(prefix)?;
        let full = if self.prefix.is_empty() {
            prefix.to_owned()
        } else {
            format!("{}/{prefix}", self.prefix)
        };
        // object_store lists by whole path segments: ask for the deepest
        // directory the prefix names, then filter by the string prefix.
        let dir = full.rfind('/').map_or("", |i| &full[..i]);
        let dir = if dir.is_empty() {
            None
        } else {
            Some(Path::parse(dir).map_err(|_| Error::InvalidKey {
                key: prefix.to_owned(),
                reason: "not a valid object path",
            })?)
        };
        let strip = if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        };
        let mut keys = Vec::new();
        let mut stream = self.s3.list(dir.as_ref());
        while let Some(item) = self.rt.block_on(stream.next()) {
            let meta = item.map_err(|e| remote(prefix, e))?;
            let location: &str = meta.location.as_ref();
            if let Some(key) = location.strip_prefix(&strip)
                && key.starts_with(prefix)
                && validate_key(key).is_ok()
            {
                keys.push(key.to_owned());
            }
        }
        keys.sort();
        Ok(keys)
    }

    fn delete(&self, key: &str) -> Result<()> {
        let path = self.path(key)?;
        // With object lock, S3 answers a plain DELETE of a locked object by
        // adding a delete marker and reporting success: check first, and
        // refuse, so a caller never believes a locked object is gone.
        if let Some(meta) = self.head_path(key, &path)? {
            if let Some(until) = meta.retain_until.filter(|u| *u > Timestamp::now()) {
                return Err(Error::ObjectLocked {
                    key: key.to_owned(),
                    until,
                });
            }
        } else {
            return Ok(());
        }
        match self.rt.block_on(self.s3.delete(&path)) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(remote(key, e)),
        }
    }
}

/// Part sizes: `base` for the first 1,000 parts, then doubling every 1,000
/// parts (capped at 5 GiB), so 10,000 parts hold far more than any archive
/// and small objects still use small parts. With a size hint the base is
/// raised so the hinted size fits in 9,000 parts.
struct PartSizes {
    base: usize,
}

impl PartSizes {
    fn new(part_size: usize, size_hint: Option<u64>) -> PartSizes {
        const MIB: u64 = 1024 * 1024;
        let from_hint = size_hint.map_or(0, |s| s.div_ceil(9_000).div_ceil(MIB) * MIB);
        let base = (part_size as u64).max(from_hint).min(MAX_PART_SIZE as u64);
        PartSizes {
            base: usize::try_from(base).unwrap_or(MAX_PART_SIZE),
        }
    }

    fn get(&self, idx: usize) -> usize {
        let shift = u32::try_from(idx / 1_000).unwrap_or(u32::MAX).min(10);
        self.base.saturating_mul(1 << shift).min(MAX_PART_SIZE)
    }
}

/// Reads up to `n` bytes (fewer only at end of input) and hashes them.
fn read_part(reader: &mut dyn Read, n: usize, hasher: &mut Hasher, key: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    reader
        .take(n as u64)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(format!("reading the data for {key}"), e))?;
    hasher.update(&buf);
    Ok(buf)
}

/// The body of a GET as a blocking reader: one chunk of the response in
/// memory at a time. object_store resumes a broken body with a range
/// request (checking the ETag) before giving up.
struct BodyReader {
    rt: Arc<Runtime>,
    stream: BoxStream<'static, object_store::Result<Bytes>>,
    chunk: Bytes,
    key: String,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            match self.rt.block_on(self.stream.next()) {
                Some(Ok(chunk)) => self.chunk = chunk,
                Some(Err(e)) => {
                    return Err(io::Error::other(format!(
                        "reading {} from the store: {}",
                        self.key,
                        one_line(&e.to_string())
                    )));
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk.split_to(n));
        Ok(n)
    }
}

/// An object_store error as a store error. Transient: a network failure
/// (an `HttpError` in the source chain: connect, timeout, broken body) or
/// an HTTP 5xx, 408 or 429 after object_store's own retries. object_store
/// keeps the status in a private type, so it is read from the message
/// ("... status code: 503 ...").
fn remote(key: &str, e: object_store::Error) -> Error {
    use object_store::Error as E;
    if let E::NotFound { .. } = e {
        return Error::NotFound { key: key.into() };
    }
    let mut message = one_line(&e.to_string());
    let transient = match &e {
        E::Generic { .. } => {
            let mut network = None;
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(err) = source {
                network = network.or(err.downcast_ref::<HttpError>().map(HttpError::kind));
                source = err.source();
            }
            // object_store's message ends in "error sending request" for a
            // timeout and a reset alike: say which it was.
            use object_store::client::HttpErrorKind as K;
            match network {
                Some(K::Timeout) => message.push_str(
                    " (the request timed out: the store's timeout_secs, or a slow or stalled server)",
                ),
                Some(K::Interrupted) => {
                    message.push_str(" (the connection was reset or closed mid-request)")
                }
                Some(K::Connect) => message.push_str(" (cannot connect to the store)"),
                _ => {}
            }
            network.is_some()
                || status_in(&message).is_some_and(|s| s >= 500 || s == 408 || s == 429)
        }
        _ => false,
    };
    Error::Remote {
        transient,
        message: format!("{key}: {message}"),
    }
}

/// A key's path for a URL: every byte but `A-Z a-z 0-9 - . _ ~ /`
/// percent-encoded (S3's SigV4 signs the path as sent).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The HTTP status in an object_store error message, if it names one.
fn status_in(message: &str) -> Option<u16> {
    let (_, rest) = message.split_once("status code: ")?;
    rest.get(..3)?.parse().ok()
}

/// Collapses whitespace (error bodies are XML) and caps the length.
fn one_line(s: &str) -> String {
    let mut out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.len() > 500 {
        let mut cut = 500;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

fn is_loopback_http(endpoint: &str) -> bool {
    let Some(rest) = endpoint.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What the shared AWS files say for the selected profile.
#[derive(Default)]
struct ProfileSettings {
    keys: Option<StaticCredentials>,
    region: Option<String>,
}

/// Reads the profile from the shared credentials and config files, unless
/// keys come from the environment (then object_store has them). A profile
/// named explicitly must exist and hold keys.
fn profile_settings(
    config: &S3Config,
    getenv: &dyn Fn(&str) -> Option<String>,
) -> Result<ProfileSettings> {
    let env = |v: &str| getenv(v).filter(|s| !s.is_empty());
    let named = config.profile.clone().or_else(|| env("AWS_PROFILE"));
    let profile = named.clone().unwrap_or_else(|| "default".to_owned());
    let home = env("HOME").map(std::path::PathBuf::from);
    let file = |var: &str, name: &str| {
        env(var)
            .map(std::path::PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(name)))
    };
    let read = |path: Option<std::path::PathBuf>| -> Result<Option<String>> {
        let Some(path) = path else { return Ok(None) };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
        }
    };
    let credentials = read(file("AWS_SHARED_CREDENTIALS_FILE", "credentials"))?;
    let config_file = read(file("AWS_CONFIG_FILE", "config"))?;

    let from_credentials = credentials
        .as_deref()
        .and_then(|t| ini_section(t, &profile));
    let config_section = if profile == "default" {
        "default".to_owned()
    } else {
        format!("profile {profile}")
    };
    let from_config = config_file
        .as_deref()
        .and_then(|t| ini_section(t, &config_section));

    let mut settings = ProfileSettings {
        region: from_config
            .as_ref()
            .and_then(|s| lookup(s, "region"))
            .map(str::to_owned),
        keys: None,
    };
    if config.static_credentials.is_some() || env("AWS_ACCESS_KEY_ID").is_some() {
        return Ok(settings);
    }
    for section in [&from_credentials, &from_config].into_iter().flatten() {
        if let (Some(id), Some(secret)) = (
            lookup(section, "aws_access_key_id"),
            lookup(section, "aws_secret_access_key"),
        ) {
            settings.keys = Some(StaticCredentials {
                access_key_id: id.to_owned(),
                secret_access_key: secret.to_owned(),
                session_token: lookup(section, "aws_session_token").map(str::to_owned),
            });
            return Ok(settings);
        }
    }
    if let Some(named) = named {
        let found = from_credentials.is_some() || from_config.is_some();
        return Err(Error::Config(if found {
            format!(
                "AWS profile {named:?} has no aws_access_key_id/aws_secret_access_key \
                 (SSO, assume-role and credential_process profiles are not supported)"
            )
        } else {
            format!("AWS profile {named:?} is in neither ~/.aws/credentials nor ~/.aws/config")
        }));
    }
    Ok(settings)
}

/// The `key = value` lines of `[section]` in an INI text (`#`/`;`
/// comments; names compared case-sensitively, keys case-insensitively).
fn ini_section(text: &str, section: &str) -> Option<Vec<(String, String)>> {
    let mut current: Option<&str> = None;
    let mut found: Option<Vec<(String, String)>> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim());
            if current == Some(section) {
                found.get_or_insert_with(Vec::new);
            }
            continue;
        }
        if current == Some(section)
            && let Some((k, v)) = line.split_once('=')
            && let Some(entries) = found.as_mut()
        {
            entries.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    found
}

fn lookup<'a>(section: &'a [(String, String)], key: &str) -> Option<&'a str> {
    section
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Object-lock response headers, put into each response's extensions by
/// [`LockHeaderConnector`] (object_store does not parse them).
#[derive(Debug, Clone, Copy)]
struct LockInfo {
    retain_until: Option<Timestamp>,
}

/// The reqwest connector, plus [`LockInfo`] on every response that has
/// object-lock headers. Only reads responses: request headers must be
/// added before signing, so they are not touched here.
#[derive(Debug, Default)]
struct LockHeaderConnector;

impl HttpConnector for LockHeaderConnector {
    fn connect(&self, options: &ClientOptions) -> object_store::Result<HttpClient> {
        let inner = ReqwestConnector::default().connect(options)?;
        Ok(HttpClient::new(LockHeaderService(inner)))
    }
}

#[derive(Debug)]
struct LockHeaderService(HttpClient);

// `HttpService` is an `async_trait`; this is its expansion, written out to
// avoid a dependency on the macro crate.
impl HttpService for LockHeaderService {
    fn call<'life0, 'async_trait>(
        &'life0 self,
        req: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            let mut response = self.0.execute(req).await?;
            let until = response
                .headers()
                .get("x-amz-object-lock-retain-until-date")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<Timestamp>().ok());
            if until.is_some() {
                response.extensions_mut().insert(LockInfo {
                    retain_until: until,
                });
            }
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_cover_huge_objects() {
        let s = PartSizes::new(8 << 20, None);
        assert_eq!(s.get(0), 8 << 20);
        assert_eq!(s.get(999), 8 << 20);
        assert_eq!(s.get(1000), 16 << 20);
        let total: u64 = (0..MAX_PARTS).map(|i| s.get(i) as u64).sum();
        assert!(
            total >= 5u64 << 40,
            "10,000 parts hold S3's largest object, 5 TiB"
        );
        let hinted = PartSizes::new(8 << 20, Some(200 << 30));
        assert!(hinted.get(0) as u64 * 9_000 >= 200 << 30);
        assert_eq!(hinted.get(0) % (1 << 20), 0);
    }

    #[test]
    fn loopback() {
        assert!(is_loopback_http("http://127.0.0.1:9000"));
        assert!(is_loopback_http("http://localhost:9000/"));
        assert!(is_loopback_http("http://[::1]:9000"));
        assert!(!is_loopback_http("http://10.0.0.1:9000"));
        assert!(!is_loopback_http("https://127.0.0.1:9000"));
        assert!(!is_loopback_http("http://127.0.0.1.evil.example"));
    }

    #[test]
    fn profiles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let aws = dir.path().join(".aws");
        std::fs::create_dir(&aws).expect("mkdir");
        std::fs::write(
            aws.join("credentials"),
            "[default]\naws_access_key_id = D\naws_secret_access_key = DS\n\
             [work]\naws_access_key_id=W\naws_secret_access_key=WS\naws_session_token=WT\n",
        )
        .expect("write");
        std::fs::write(
            aws.join("config"),
            "[default]\nregion = eu-north-1\n[profile sso]\nsso_start_url = x\n\
             [profile cfgkeys]\naws_access_key_id = C\naws_secret_access_key = CS\n",
        )
        .expect("write");
        let home = dir.path().to_str().expect("utf-8").to_owned();
        let env = |vars: &'static [(&'static str, &'static str)]| {
            let home = home.clone();
            move |v: &str| {
                if v == "HOME" {
                    return Some(home.clone());
                }
                vars.iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, x)| x.to_string())
            }
        };
        let config = S3Config::new("b");
        let keys = |p: ProfileSettings| p.keys.map(|k| (k.access_key_id, k.session_token));

        let d = profile_settings(&config, &env(&[])).expect("default");
        assert_eq!(d.region.as_deref(), Some("eu-north-1"));
        assert_eq!(keys(d), Some(("D".into(), None)));
        let w = profile_settings(&config, &env(&[("AWS_PROFILE", "work")])).expect("work");
        assert_eq!(keys(w), Some(("W".into(), Some("WT".into()))));
        let c = profile_settings(&config, &env(&[("AWS_PROFILE", "cfgkeys")])).expect("cfg");
        assert_eq!(keys(c), Some(("C".into(), None)));
        // Keys in the environment: object_store reads them, not us.
        let e = profile_settings(&config, &env(&[("AWS_ACCESS_KEY_ID", "E")])).expect("env");
        assert!(e.keys.is_none());
        let mut named = S3Config::new("b");
        named.profile = Some("missing".into());
        let err = profile_settings(&named, &env(&[]))
            .err()
            .expect("missing profile");
        assert!(err.to_string().contains("\"missing\""), "{err}");
        named.profile = Some("sso".into());
        let err = profile_settings(&named, &env(&[]))
            .err()
            .expect("sso profile");
        assert!(err.to_string().contains("not supported"), "{err}");
    }

    #[test]
    fn ini() {
        let text = "[default]\naws_access_key_id = A\n\n[other]\n# c\nAWS_Secret_Access_Key=B\n\
                    [profile x]\nregion = eu-west-1\n";
        let d = ini_section(text, "default").expect("default");
        assert_eq!(lookup(&d, "aws_access_key_id"), Some("A"));
        let o = ini_section(text, "other").expect("other");
        assert_eq!(lookup(&o, "aws_secret_access_key"), Some("B"));
        let x = ini_section(text, "profile x").expect("x");
        assert_eq!(lookup(&x, "region"), Some("eu-west-1"));
        assert!(ini_section(text, "missing").is_none());
    }
}
