{{/*
Names, labels and the per-service building blocks shared by every template.
Helpers that need a service take (dict "root" $ "key" "<values key>"), e.g. (dict "root" $ "key" "identity").
*/}}

{{- define "roster.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 30 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every resource name; 30 characters leave room for "-clever-ingestion-consumer" in 63. */}}
{{- define "roster.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 30 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 30 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 30 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "roster.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every pod of the release carries; the default-deny NetworkPolicy selects on them. */}}
{{- define "roster.releaseSelector" -}}
app.kubernetes.io/name: {{ include "roster.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "roster.commonLabels" -}}
helm.sh/chart: {{ include "roster.chart" . }}
{{ include "roster.releaseSelector" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: roster
{{- end -}}

{{/*
The services the chart knows. `workers`: has consumer and relay workloads; `database`: has its own database (and
a migration Job); `kafka`: talks to Kafka; `secrets`: env names read from its existingSecret.
*/}}
{{- define "roster.catalog" -}}
ingestion:
  app: clever-ingestion
  database: true
  kafka: true
  workers: true
  secrets: [DATABASE_URL, CLEVER_CLIENT_ID, CLEVER_CLIENT_SECRET, INTERNAL_AUTH_SECRET]
identity:
  app: identity
  database: true
  kafka: true
  workers: true
  secrets: [DATABASE_URL, INTERNAL_AUTH_SECRET]
classes:
  app: classes
  database: true
  kafka: true
  workers: true
  secrets: [DATABASE_URL, INTERNAL_AUTH_SECRET]
gateway:
  app: gateway
  database: false
  kafka: false
  workers: false
  secrets: [INTERNAL_AUTH_SECRET, SESSION_SECRET, CLEVER_CLIENT_ID, CLEVER_CLIENT_SECRET]
sandbox:
  app: clever-sandbox
  database: false
  kafka: false
  workers: false
  secrets: []
{{- end -}}

{{/* Catalog entry of one service: (dict "root" $ "key" "identity") -> YAML of that entry. */}}
{{- define "roster.service" -}}
{{- $catalog := include "roster.catalog" .root | fromYaml -}}
{{- toYaml (get $catalog .key) -}}
{{- end -}}

{{/* The keys of the enabled services, in a stable order, as a YAML list. */}}
{{- define "roster.enabledServices" -}}
{{- $out := list -}}
{{- range $key := list "ingestion" "identity" "classes" "gateway" "sandbox" -}}
{{- if (get $.Values $key).enabled -}}
{{- $out = append $out $key -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Component labels of a service: (dict "root" $ "app" "identity"). */}}
{{- define "roster.componentSelector" -}}
{{ include "roster.releaseSelector" .root }}
app.kubernetes.io/component: {{ .app }}
{{- end -}}

{{/* Selector of one workload: (dict "root" $ "app" "identity" "workload" "api"). */}}
{{- define "roster.workloadSelector" -}}
{{ include "roster.componentSelector" . }}
roster.io/workload: {{ .workload }}
{{- end -}}

{{- define "roster.workloadLabels" -}}
{{ include "roster.commonLabels" .root }}
app.kubernetes.io/component: {{ .app }}
roster.io/workload: {{ .workload }}
{{- end -}}

{{/* Resource name of a service's workload: api keeps the app name, others get a suffix. */}}
{{- define "roster.workloadName" -}}
{{- if eq .workload "api" -}}
{{- printf "%s-%s" (include "roster.fullname" .root) .app -}}
{{- else -}}
{{- printf "%s-%s-%s" (include "roster.fullname" .root) .app .workload -}}
{{- end -}}
{{- end -}}

{{/* In-cluster base URL of a service's internal HTTP API: (dict "root" $ "app" "identity"). */}}
{{- define "roster.internalUrl" -}}
{{- printf "http://%s-%s:80" (include "roster.fullname" .root) .app -}}
{{- end -}}

{{- /* The management Service of an app's api workload: /health/* and /metrics on MANAGEMENT_PORT (9000). */ -}}
{{- define "roster.managementUrl" -}}
{{- printf "http://%s-%s-mgmt:9000" (include "roster.fullname" .root) .app -}}
{{- end -}}

{{- define "roster.image" -}}
{{- $img := .root.Values.image -}}
{{- $repo := printf "%s/%s" $img.repository .app -}}
{{- if $img.registry -}}{{- $repo = printf "%s/%s" $img.registry $repo -}}{{- end -}}
{{- if $img.digest -}}
{{- printf "%s:%s@%s" $repo $img.tag $img.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo $img.tag -}}
{{- end -}}
{{- end -}}

{{- define "roster.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "roster.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Non-secret environment of a service, as a YAML map (rendered into its ConfigMap, and inline into the hook Jobs,
which run before the ConfigMap exists). (dict "root" $ "key" "identity")
*/}}
{{- define "roster.configEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $svc := include "roster.service" . | fromYaml -}}
{{- $values := get $v .key -}}
{{- $env := dict "PORT" "3000" "HOST" "0.0.0.0" "LOG_LEVEL" $v.logLevel "AUTH_MODE" $v.auth.mode "NODE_ENV" "production" -}}
{{- if $svc.kafka -}}
{{- $_ := set $env "KAFKA_BROKERS" $v.kafka.brokers -}}
{{- $_ := set $env "KAFKA_CLIENT_ID" (printf "%s-%s" $v.kafka.clientIdPrefix $svc.app) -}}
{{- $_ := set $env "KAFKA_SSL" (ternary "true" "false" $v.kafka.ssl) -}}
{{- if $v.kafka.topicPrefix -}}
{{- $_ := set $env "KAFKA_TOPIC_PREFIX" $v.kafka.topicPrefix -}}
{{- end -}}
{{- if $v.kafka.sasl.mechanism -}}
{{- $_ := set $env "KAFKA_SASL_MECHANISM" $v.kafka.sasl.mechanism -}}
{{- end -}}
{{- if $v.kafka.tls.existingCaSecret -}}
{{- $_ := set $env "NODE_EXTRA_CA_CERTS" (printf "/etc/roster/kafka-ca/%s" $v.kafka.tls.caKey) -}}
{{- end -}}
{{- end -}}
{{- if or (eq .key "ingestion") (eq .key "gateway") -}}
{{- $api := $v.clever.apiBaseUrl -}}
{{- $oauth := $v.clever.oauthBaseUrl -}}
{{- if and (eq .key "ingestion") $v.sandbox.enabled $v.sandbox.wireIngestion -}}
{{- $api = include "roster.internalUrl" (dict "root" $root "app" "clever-sandbox") -}}
{{- $oauth = $api -}}
{{- end -}}
{{- $_ := set $env "CLEVER_API_BASE_URL" $api -}}
{{- $_ := set $env "CLEVER_OAUTH_BASE_URL" $oauth -}}
{{- $_ := set $env "CLEVER_API_VERSION" $v.clever.apiVersion -}}
{{- end -}}
{{- if eq .key "ingestion" -}}
{{- $_ := set $env "CLEVER_EVENTS_POLL_INTERVAL_MS" (toString (int64 $v.clever.eventsPollIntervalMs)) -}}
{{- $_ := set $env "CLEVER_FULL_SYNC_CRON" $v.clever.fullSyncCron -}}
{{- $_ := set $env "CLEVER_TOKEN_MISSING_GRACE_MS" (toString (int64 $v.clever.tokenMissingGraceMs)) -}}
{{- end -}}
{{- if $v.tracing.otlpEndpoint -}}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" $v.tracing.otlpEndpoint -}}
{{- $_ := set $env "OTEL_SERVICE_NAME" $svc.app -}}
{{- end -}}
{{- if eq .key "gateway" -}}
{{- $_ := set $env "PUBLIC_BASE_URL" $values.publicBaseUrl -}}
{{- if $v.identity.enabled -}}
{{- $_ := set $env "IDENTITY_URL" (include "roster.internalUrl" (dict "root" $root "app" "identity")) -}}
{{- $_ := set $env "IDENTITY_MANAGEMENT_URL" (include "roster.managementUrl" (dict "root" $root "app" "identity")) -}}
{{- end -}}
{{- if $v.classes.enabled -}}
{{- $_ := set $env "CLASSES_URL" (include "roster.internalUrl" (dict "root" $root "app" "classes")) -}}
{{- $_ := set $env "CLASSES_MANAGEMENT_URL" (include "roster.managementUrl" (dict "root" $root "app" "classes")) -}}
{{- end -}}
{{- if $v.ingestion.enabled -}}
{{- $_ := set $env "INGESTION_URL" (include "roster.internalUrl" (dict "root" $root "app" "clever-ingestion")) -}}
{{- $_ := set $env "INGESTION_MANAGEMENT_URL" (include "roster.managementUrl" (dict "root" $root "app" "clever-ingestion")) -}}
{{- end -}}
{{- end -}}
{{- if eq .key "classes" -}}
{{- if $v.identity.enabled -}}
{{- $_ := set $env "IDENTITY_URL" (include "roster.internalUrl" (dict "root" $root "app" "identity")) -}}
{{- end -}}
{{- if $values.courseCatalog.json -}}
{{- $_ := set $env "COURSE_CATALOG_JSON" $values.courseCatalog.json -}}
{{- else if $values.courseCatalog.existingConfigMap -}}
{{- $_ := set $env "COURSE_CATALOG_FILE" (printf "/etc/roster/course-catalog/%s" $values.courseCatalog.key) -}}
{{- end -}}
{{- end -}}
{{- range $name, $value := $values.env -}}
{{- $_ := set $env $name (toString $value) -}}
{{- end -}}
{{- toYaml $env -}}
{{- end -}}

{{/* Kafka SASL credentials of a service (env entries), when a mechanism is set. (dict "root" $ "key" "identity") */}}
{{- define "roster.kafkaSaslEnv" -}}
{{- $v := .root.Values -}}
{{- if $v.kafka.sasl.mechanism -}}
{{- $secret := $v.kafka.sasl.existingSecret -}}
{{- if .key -}}
{{- $secret = default $secret (get $v .key).kafkaSaslExistingSecret -}}
{{- end }}
- name: KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.kafka.sasl.usernameKey }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $v.kafka.sasl.passwordKey }}
{{- end -}}
{{- end -}}

{{/*
Secret environment of a service (env entries). (dict "root" $ "key" "identity" "only" (list "DATABASE_URL"))
`only` restricts the names (migration Jobs get DATABASE_URL alone).
*/}}
{{- define "roster.secretEnv" -}}
{{- $values := get .root.Values .key -}}
{{- $svc := include "roster.service" . | fromYaml -}}
{{- range $name := $svc.secrets -}}
{{- if or (not $.only) (has $name $.only) }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $values.existingSecret }}
      key: {{ get $values.secretKeys $name }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Volumes every container needs (a writable /tmp on a read-only root filesystem, the Kafka CA). */}}
{{- define "roster.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if and .kafka .root.Values.kafka.tls.existingCaSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .root.Values.kafka.tls.existingCaSecret }}
    items:
      - key: {{ .root.Values.kafka.tls.caKey }}
        path: {{ .root.Values.kafka.tls.caKey }}
{{- end }}
{{- if and (eq .key "classes") (not .root.Values.classes.courseCatalog.json) .root.Values.classes.courseCatalog.existingConfigMap }}
- name: course-catalog
  configMap:
    name: {{ .root.Values.classes.courseCatalog.existingConfigMap }}
    items:
      - key: {{ .root.Values.classes.courseCatalog.key }}
        path: {{ .root.Values.classes.courseCatalog.key }}
{{- end }}
{{- end -}}

{{- define "roster.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .kafka .root.Values.kafka.tls.existingCaSecret }}
- name: kafka-ca
  mountPath: /etc/roster/kafka-ca
  readOnly: true
{{- end }}
{{- if and (eq .key "classes") (not .root.Values.classes.courseCatalog.json) .root.Values.classes.courseCatalog.existingConfigMap }}
- name: course-catalog
  mountPath: /etc/roster/course-catalog
  readOnly: true
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by Deployments and Jobs. */}}
{{- define "roster.podCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "roster.hookAnnotations" -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: {{ .weight | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end -}}

{{/*
Every workload to deploy, as YAML `items:` with, per workload: key (values section), app, workload (api, consumer,
relay), name, roles (PROCESS_ROLES; empty for apps without roles), kafka, spec (its values: replicas, resources,
autoscaling, pdb). A disabled consumer or relay workload hands its role to the api pods.
*/}}
{{- define "roster.workloads" -}}
{{- $root := . -}}
{{- $items := list -}}
{{- range $key := include "roster.enabledServices" $root | fromYamlArray -}}
{{- $svc := include "roster.service" (dict "root" $root "key" $key) | fromYaml -}}
{{- $values := get $root.Values $key -}}
{{- if $svc.workers -}}
{{- $apiRoles := list "api" -}}
{{- $workers := list -}}
{{- range $w := list "consumer" "relay" -}}
{{- if (get $values $w).enabled -}}
{{- $workers = append $workers (dict "key" $key "app" $svc.app "workload" $w "roles" $w "kafka" $svc.kafka "spec" (merge (deepCopy (get $values $w)) (dict "autoscaling" (dict "enabled" false)))) -}}
{{- else -}}
{{- $apiRoles = append $apiRoles $w -}}
{{- end -}}
{{- end -}}
{{- $items = append $items (dict "key" $key "app" $svc.app "workload" "api" "roles" (join "," $apiRoles) "kafka" $svc.kafka "spec" $values.api) -}}
{{- $items = concat $items $workers -}}
{{- else if eq $key "sandbox" -}}
{{- $spec := dict "replicas" $values.replicas "resources" $values.resources "autoscaling" (dict "enabled" false) "pdb" (dict "enabled" false) -}}
{{- $items = append $items (dict "key" $key "app" $svc.app "workload" "api" "roles" "" "kafka" false "spec" $spec) -}}
{{- else -}}
{{- $items = append $items (dict "key" $key "app" $svc.app "workload" "api" "roles" "" "kafka" $svc.kafka "spec" $values.api) -}}
{{- end -}}
{{- end -}}
{{- range $i, $w := $items -}}
{{- $_ := set $w "name" (include "roster.workloadName" (dict "root" $root "app" $w.app "workload" $w.workload)) -}}
{{- end -}}
{{- toYaml (dict "items" $items) -}}
{{- end -}}
