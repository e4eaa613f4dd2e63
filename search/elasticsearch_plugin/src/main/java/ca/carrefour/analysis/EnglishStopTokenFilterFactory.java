package ca.carrefour.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Removes Lucene's default English stop words. Expects lower-cased input. */
@NamedComponent("carrefour_english_stop")
public class EnglishStopTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Filters.englishStop(tokenStream);
    }
}
