"""Publish to S3-compatible object storage with boto3: upload only what changed, in an order that keeps the site whole.

Credentials come from the environment only (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or any way boto3 finds
them by itself); nothing here reads, prints or stores them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PublishError
from .files import Changes, SiteFile, plan_changes, scan_site
from .policy import header_policy

logger = logging.getLogger(__name__)

# Multipart uploads get an ETag that is not the file's MD5; the MD5 is also kept as metadata for them.
MD5_METADATA = "content-md5-hex"
SECURITY_POLICY_METADATA = "content-security-policy"


@dataclass
class S3Report:
    changes: Changes
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


class S3Target:
    def __init__(self, bucket: str, prefix: str = "", client=None, region: str | None = None,
                 endpoint_url: str | None = None, cache_rules: dict[str, str] | None = None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.cache_rules = cache_rules
        if client is None:
            import boto3

            client = boto3.session.Session().client("s3", region_name=region, endpoint_url=endpoint_url)
        self.client = client

    @classmethod
    def from_config(cls, target) -> "S3Target":
        rules = {name: target.get(f"cache_{name}") for name in ("page", "fingerprinted", "other")}
        return cls(target.get("bucket"), target.get("prefix", ""), region=target.get("region"),
                   endpoint_url=target.get("endpoint_url"),
                   cache_rules={k: v for k, v in rules.items() if v})

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def published(self) -> dict[str, str]:
        """Key (below the prefix) -> MD5 of every object now published."""
        found = {}
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix):]
                etag = item["ETag"].strip('"')
                if "-" in etag:
                    head = self.client.head_object(Bucket=self.bucket, Key=item["Key"])
                    etag = head.get("Metadata", {}).get(MD5_METADATA, etag)
                found[key] = etag
        return found

    def plan(self, site: Path) -> Changes:
        return plan_changes(scan_site(site, self.cache_rules), self.published())

    def publish(self, site: Path, dry_run: bool = False) -> S3Report:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        try:
            return self._publish(site, dry_run)
        except NoCredentialsError:
            raise PublishError("no S3 credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                               "in the environment") from None
        except (BotoCoreError, ClientError) as error:
            raise PublishError(f"{self.describe()}: {error}") from None

    def _publish(self, site: Path, dry_run: bool) -> S3Report:
        changes = self.plan(site)
        report = S3Report(changes)
        if dry_run or changes.empty:
            return report
        for file in changes.upload:
            self._upload(file)
            report.uploaded.append(file.key)
        # Only now, with every new page live, remove what the new site no longer has.
        keys = [self.prefix + key for key in changes.delete]
        for start in range(0, len(keys), 1000):  # the API takes at most 1,000 keys per call
            batch = keys[start:start + 1000]
            response = self.client.delete_objects(Bucket=self.bucket,
                                                  Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
            errors = response.get("Errors", [])
            if errors:
                raise PublishError(f"could not delete {errors[0]['Key']}: {errors[0].get('Message', '')}")
            report.deleted.extend(k[len(self.prefix):] for k in batch)
        return report

    def _upload(self, file: SiteFile) -> None:
        logger.debug("publishing: upload %s", file.key)
        with open(file.path, "rb") as body:
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + file.key, Body=body,
                                   ContentType=file.content_type, CacheControl=file.cache_control,
                                   Metadata=self._metadata(file))

    @staticmethod
    def _metadata(file: SiteFile) -> dict[str, str]:
        metadata = {MD5_METADATA: file.md5}
        if file.key.endswith(".html"):
            # S3 sends no response header it is given, only x-amz-meta-*: a CDN in front (CloudFront response
            # headers policy, a Cloudflare transform rule) copies this into Content-Security-Policy. Every page
            # carries the same policy in a <meta> element, which works without it (docs/developers/security.md).
            metadata[SECURITY_POLICY_METADATA] = header_policy(
                Path(file.path).read_text(encoding="utf-8", errors="replace"))
        return metadata
