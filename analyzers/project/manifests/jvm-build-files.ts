/**
 * Maven and Gradle build files are listed as manifests so a reader sees the build system, but not
 * read: their dependencies need XML with property interpolation (pom.xml) or a Groovy/Kotlin
 * program (build.gradle), which a table of fields cannot describe honestly.
 */
import { unreadManifest, type ParsedManifest } from './parsed-manifest.js';

export const listMavenPom = (): ParsedManifest => unreadManifest('maven');
export const listGradleBuild = (): ParsedManifest => unreadManifest('gradle');
